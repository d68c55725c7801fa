package org.medcl.models.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcl.models.Backward;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class RecomputingBackwardTest {

  /**
   * x -> segment 0: a = tanh(x w0) -> segment 1 (reads a twice: as input and as a skip):
   * b = a^2 w1 + a -> loss = sum(3 b) + w2^2, w2 outside every segment. At x = [0.5, -1],
   * w0 = 0.8, w1 = 1.5, w2 = 2: d loss / d w1 = 3 sum(a^2), d loss / d w0 = 3 sum((2 a w1 + 1)
   * (1 - a^2) x), d loss / d w2 = 2 w2 = 4, written out below; the plain backward agrees.
   */
  @Test
  void twoSegments_giveTheGradientsOfTheFormula_andOfThePlainBackward() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(new float[] {0.5f, -1f});
      Variable<TFloat32> w0 = tf.withName("w0").variable(tf.constant(0.8f));
      Variable<TFloat32> w1 = tf.withName("w1").variable(tf.constant(1.5f));
      Variable<TFloat32> w2 = tf.withName("w2").variable(tf.constant(2f));
      RecomputingBackward rb = new RecomputingBackward();
      RecomputingBackward.Rebuild seg0 = (t, in) -> List.of(t.math.tanh(
          t.math.mul(in.get(0), t.identity(w0))));
      RecomputingBackward.Rebuild seg1 = (t, in) -> List.of(t.math.add(t.math.mul(
          t.math.square(in.get(0)), t.identity(w1)), in.get(0)));
      Operand<TFloat32> a = seg0.apply(tf, List.of(x)).get(0);
      rb.segment(List.of(x), List.of(a), seg0, List.of(w0));
      Operand<TFloat32> b = seg1.apply(tf, List.of(a)).get(0);
      rb.segment(List.of(a), List.of(b), seg1, List.of(w1));
      rb.top(b);
      Operand<TFloat32> w2r = tf.identity(w2);
      Operand<TFloat32> loss = tf.math.add(tf.reduceSum(tf.math.mul(b, tf.constant(3f)),
          tf.constant(0)), tf.math.mul(w2r, w2r));
      List<Variable<TFloat32>> vars = List.of(w0, w1, w2);
      List<Operand<TFloat32>> rec = rb.gradients(tf, loss, vars);
      List<Operand<TFloat32>> plain = Backward.plain().gradients(tf, loss, vars);
      Session.Runner r = s.runner();
      rec.forEach(r::fetch);
      plain.forEach(r::fetch);
      double[] xs = {0.5, -1};
      double gw0 = 0;
      double gw1 = 0;
      for (double xi : xs) {
        double ai = Math.tanh(0.8 * xi);
        gw1 += 3 * ai * ai;
        gw0 += 3 * (2 * ai * 1.5 + 1) * (1 - ai * ai) * xi;
      }
      double[] expected = {gw0, gw1, 4};
      try (Result res = r.run()) {
        for (int i = 0; i < 3; i++) {
          float got = ((TFloat32) res.get(i)).getFloat();
          float ref = ((TFloat32) res.get(3 + i)).getFloat();
          assertEquals(expected[i], got, 1e-5, "recomputed gradient " + i);
          assertEquals(ref, got, 1e-6, "against the plain backward, gradient " + i);
        }
      }
    }
  }

  /**
   * A tensor read by two later segments and a variable shared by two segments: x -> seg 0:
   * a = tanh(x w0) -> seg 1: b = a w1 -> seg 2 (inputs a and b): c = (a + b) w0, the top;
   * loss = sum(c^2). The contributions to a's gradient (from seg 1 and seg 2) and to w0's (from
   * seg 0 and seg 2) must both be summed; compared with the plain backward.
   */
  @Test
  void fanOutAndSharedVariables_areSummed() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(new float[] {0.3f, -0.7f, 1.1f});
      Variable<TFloat32> w0 = tf.withName("w0").variable(tf.constant(0.9f));
      Variable<TFloat32> w1 = tf.withName("w1").variable(tf.constant(-1.3f));
      RecomputingBackward rb = new RecomputingBackward();
      RecomputingBackward.Rebuild seg0 = (t, in) -> List.of(t.math.tanh(
          t.math.mul(in.get(0), t.identity(w0))));
      RecomputingBackward.Rebuild seg1 = (t, in) -> List.of(t.math.mul(in.get(0),
          t.identity(w1)));
      RecomputingBackward.Rebuild seg2 = (t, in) -> List.of(t.math.mul(
          t.math.add(in.get(0), in.get(1)), t.identity(w0)));
      Operand<TFloat32> a = seg0.apply(tf, List.of(x)).get(0);
      rb.segment(List.of(x), List.of(a), seg0, List.of(w0));
      Operand<TFloat32> b = seg1.apply(tf, List.of(a)).get(0);
      rb.segment(List.of(a), List.of(b), seg1, List.of(w1));
      Operand<TFloat32> c = seg2.apply(tf, List.of(a, b)).get(0);
      rb.segment(List.of(a, b), List.of(c), seg2, List.of(w0));
      rb.top(c);
      Operand<TFloat32> loss = tf.reduceSum(tf.math.square(c), tf.constant(0));
      List<Variable<TFloat32>> vars = List.of(w0, w1);
      List<Operand<TFloat32>> rec = rb.gradients(tf, loss, vars);
      List<Operand<TFloat32>> plain = Backward.plain().gradients(tf, loss, vars);
      try (Result res = s.runner().fetch(rec.get(0)).fetch(rec.get(1)).fetch(plain.get(0))
          .fetch(plain.get(1)).run()) {
        for (int i = 0; i < 2; i++) {
          float got = ((TFloat32) res.get(i)).getFloat();
          float ref = ((TFloat32) res.get(2 + i)).getFloat();
          assertTrue(Math.abs(ref) > 0.1, "gradient " + i + " too small to compare: " + ref);
          assertEquals(ref, got, 1e-5 * Math.abs(ref), "gradient " + i);
        }
      }
    }
  }

  @Test
  void misuse_isRejectedWithWhatIsMissing() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(new float[] {1f});
      Variable<TFloat32> w = tf.withName("w").variable(tf.constant(2f));
      RecomputingBackward rb = new RecomputingBackward();
      RecomputingBackward.Rebuild seg = (t, in) -> List.of(t.math.mul(in.get(0),
          t.identity(w)));
      Operand<TFloat32> y = seg.apply(tf, List.of(x)).get(0);
      rb.segment(List.of(x), List.of(y), seg, List.of(w));
      Operand<TFloat32> loss = tf.reduceSum(y, tf.constant(0));
      IllegalStateException noTop = assertThrows(IllegalStateException.class,
          () -> rb.gradients(tf, loss, List.of(w)));
      assertEquals("no top boundary recorded", noTop.getMessage());
      rb.top(x);
      IllegalStateException notOutput = assertThrows(IllegalStateException.class,
          () -> rb.gradients(tf, loss, List.of(w)));
      assertTrue(notOutput.getMessage().endsWith("is no segment's output"),
          notOutput.getMessage());
      assertThrows(IllegalArgumentException.class, () -> rb.segment(List.of(), List.of(y), seg,
          List.of(w)));
      IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
          () -> rb.segment(List.of(x), List.of(y), seg, List.of(w)));
      assertTrue(twice.getMessage().endsWith("is already an output of a segment or its own"
          + " input"), twice.getMessage());
      // a segment that produces x, which the first segment read: recorded out of order
      IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
          () -> rb.segment(List.of(y), List.of(x), seg, List.of()));
      assertTrue(order.getMessage().endsWith("record segments in forward order"),
          order.getMessage());
    }
  }
}
