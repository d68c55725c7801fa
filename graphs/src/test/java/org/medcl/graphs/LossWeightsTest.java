package org.medcl.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class LossWeightsTest {

  @Test
  void defaults_areAllOne() {
    assertEquals(new LossWeights(1, 1, 1, 1, 1), LossWeights.defaults());
  }

  @Test
  void negativeWeight_isRejectedListingAll() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LossWeights(1, -1, 1, 1, 1));
    assertEquals("loss weights must be finite and >= 0, found mix=1.0 cluster=-1.0 ac=1.0"
        + " scribble=1.0 category=1.0", e.getMessage());
  }

  @Test
  void allZero_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LossWeights(0, 0, 0, 0, 0));
    assertEquals("at least one loss weight must be positive", e.getMessage());
  }

  @Test
  void rampFactor_followsTheSigmoidShapedCurve() {
    LossWeights w = LossWeights.defaults().withRampUp(100);
    // exp(-5 (1 - t)^2): t = 0 -> exp(-5), t = 1/2 -> exp(-5/4), t >= 1 -> 1
    assertEquals(Math.exp(-5), w.rampFactor(0), 1e-15);
    assertEquals(Math.exp(-1.25), w.rampFactor(50), 1e-15);
    assertEquals(1.0, w.rampFactor(100), 0);
    assertEquals(1.0, w.rampFactor(5000), 0);
    assertEquals(1.0, LossWeights.defaults().rampFactor(0), 0);
    assertThrows(IllegalArgumentException.class, () -> LossWeights.defaults().withRampUp(-1));
  }

  @Test
  void total_scalesOnlyTheUnsupervisedTermsByTheRampOfTheStep() {
    // terms mix=1, cluster=2, ac=4 (weights 1, 0.5, 1), scribble=8 (weight 2), category=16
    // (weight 1). At step 25 of 100 the factor is exp(-5 * 0.75^2) = exp(-2.8125), so
    // total = (1 + 1 + 4) * exp(-2.8125) + 16 + 16.
    LossWeights w = new LossWeights(1, 0.5, 1, 2, 1, 100);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<Operand<TFloat32>> terms = List.of(tf.constant(1f), tf.constant(2f), tf.constant(4f),
          tf.constant(8f), tf.constant(16f));
      Operand<TFloat32> total = w.total(tf, terms, tf.constant(25L));
      Operand<TFloat32> constant = new LossWeights(1, 0.5, 1, 2, 1).total(tf, terms,
          tf.constant(25L));
      try (var r = s.runner().fetch(total).fetch(constant).run()) {
        assertEquals(6 * Math.exp(-2.8125) + 32, ((TFloat32) r.get(0)).getFloat(), 1e-5);
        assertEquals(38f, ((TFloat32) r.get(1)).getFloat(), 0f);
      }
    }
  }
}
