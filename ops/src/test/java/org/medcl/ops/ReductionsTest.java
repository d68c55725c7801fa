package org.medcl.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medcl.ops.testing.GradientCheck;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

class ReductionsTest {

  @Test
  void smallValues_giveLogOfSumOfExponentials() {
    // log(e + e^2 + e^3) = 3.4076059644 (computed with Math.log/Math.exp).
    double expected = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      float[] out = Fetch.run(s, Reductions.logSumExp(tf, tf.constant(new float[] {1, 2, 3})));
      assertEquals(expected, out[0], 1e-6);
    }
  }

  @Test
  void largeValues_doNotOverflow() {
    // exp(1000) overflows; the result is 1000 + log 2 = 1000.693147.
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      float[] out = Fetch.run(s, Reductions.logSumExp(tf,
          tf.constant(new float[][] {{1000, 1000}})));
      assertEquals(1000.693147, out[0], 1e-3);
    }
  }

  @Test
  void gradient_isTheSoftmax() {
    float[] x = {0.5f, -1f, 2f};
    double z = Math.exp(0.5) + Math.exp(-1) + Math.exp(2);
    float[] softmax = {(float) (Math.exp(0.5) / z), (float) (Math.exp(-1) / z),
        (float) (Math.exp(2) / z)};
    GradientCheck.Outcome outcome = GradientCheck.check(Reductions::logSumExp, x, 1e-2f, 3);
    assertArrayEquals(softmax, outcome.analytic(), 1e-6f);
    assertTrue(outcome.maxAbsDifference() < 1e-3, "max difference " + outcome.maxAbsDifference());
  }
}
