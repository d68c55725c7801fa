package org.medcl.graphs.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class ScheduledAdamTest {

  /**
   * loss = sum(x^2) from x = (1, -2), three steps with fed rates 0.1, 0.05, 0.2, against Adam
   * written out in double precision: m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
   * x -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps). The first step moves each
   * coordinate by exactly lr (m / sqrt(v) = sign(g) after bias correction): x = (0.9, -1.9).
   */
  @Test
  void fedRates_followTheAdamRecurrence() {
    float b1 = 0.9f;
    float b2 = 0.999f;
    float eps = 1e-8f;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> x = tf.withName("x").variable(tf.withInitScope().constant(
          new float[] {1f, -2f}));
      Placeholder<TFloat32> lr = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.scalar()));
      Operand<TFloat32> xr = tf.identity(x);
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(xr, xr), tf.constant(0));
      var grads = tf.gradients(loss, List.of(x));
      ScheduledAdam adam = new ScheduledAdam(tf, "adam", lr, b1, b2, eps);
      Op update = adam.apply(List.of(grads.dy(0)), List.of(x));
      assertEquals("adam/x/m", adam.slots().get(0).op().name());
      assertEquals("adam/x/v", adam.slots().get(1).op().name());

      double[] ref = {1, -2};
      double[] m = new double[2];
      double[] v = new double[2];
      float[] rates = {0.1f, 0.05f, 0.2f};
      List<float[]> seen = new ArrayList<>();
      for (int t = 1; t <= rates.length; t++) {
        try (TFloat32 rate = TFloat32.scalarOf(rates[t - 1])) {
          s.runner().feed(lr, rate).addTarget(update).run().close();
        }
        try (Result r = s.runner().fetch(xr).run()) {
          TFloat32 out = (TFloat32) r.get(0);
          seen.add(new float[] {out.getFloat(0), out.getFloat(1)});
        }
        double lrT = rates[t - 1] * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        for (int i = 0; i < 2; i++) {
          double grad = 2 * ref[i];
          m[i] = b1 * m[i] + (1 - b1) * grad;
          v[i] = b2 * v[i] + (1 - b2) * grad * grad;
          ref[i] -= lrT * m[i] / (Math.sqrt(v[i]) + eps);
        }
        assertEquals(ref[0], seen.get(t - 1)[0], 1e-5, "x0 after step " + t);
        assertEquals(ref[1], seen.get(t - 1)[1], 1e-5, "x1 after step " + t);
      }
      assertEquals(0.9, seen.get(0)[0], 1e-5);
      assertEquals(-1.9, seen.get(0)[1], 1e-5);
    }
  }

  @Test
  void mismatchedLists_areRejected() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ScheduledAdam adam = new ScheduledAdam(tf, "adam", tf.constant(0.1f), 0.9f, 0.999f,
          1e-8f);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> adam.apply(List.of(), List.of(tf.variable(tf.constant(1f)))));
      assertEquals("expected one gradient per variable, found 0 gradients for 1 variables",
          e.getMessage());
    }
  }
}
