package org.medcl.models.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcl.models.TfTestSupport;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class BatchNormTest {
  private static final float EPS = 1e-5f;

  // x has shape [2, 1, 2, 2] (NHWC); channel 0 holds 1, 2, 3, 6 and channel 1 holds 0, 0, 0, 4.
  // channel 0: mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5, unbiased 14 / 3
  // channel 1: mean 1, biased variance (1 + 1 + 1 + 9) / 4 = 3, unbiased 4
  private static final float[] X = {1, 0, 2, 0, 3, 0, 6, 4};

  @Test
  void trainingMode_normalisesWithBatchStatistics_andUpdatesMovingAveragesWithDecay() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableFactory f = new VariableFactory(1);
      BatchNorm bn = new BatchNorm(tf.withSubScope("bn"), f, 2, 0.9f, EPS);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(2, 1, 2, 2)));
      List<Op> updates = new ArrayList<>();
      var train = bn.apply(tf, x, true, updates);
      var infer = bn.apply(tf, x, false, new ArrayList<>());
      assertEquals(2, updates.size());
      try (TFloat32 in = TfTestSupport.tensor(X, 2, 1, 2, 2)) {
        float[] y = TfTestSupport.run(s, train, x, in);
        double sd0 = Math.sqrt(3.5 + EPS);
        double sd1 = Math.sqrt(3.0 + EPS);
        double[] expected = {-2 / sd0, -1 / sd1, -1 / sd0, -1 / sd1, 0, -1 / sd1, 3 / sd0,
            3 / sd1};
        for (int i = 0; i < y.length; i++) {
          assertEquals(expected[i], y[i], 1e-5, "training output " + i);
        }
        // before any update, inference uses mean 0 and variance 1
        float[] y0 = TfTestSupport.run(s, infer, x, in);
        for (int i = 0; i < y0.length; i++) {
          assertEquals(X[i] / Math.sqrt(1 + EPS), y0[i], 1e-5, "inference output " + i);
        }
        var runner = s.runner().feed(x, in);
        updates.forEach(runner::addTarget);
        runner.run().close();
        // moving mean 0.9 * 0 + 0.1 * (3, 1); moving variance 0.9 * 1 + 0.1 * (14 / 3, 4)
        double m0 = 0.3;
        double m1 = 0.1;
        double v0 = 0.9 + 0.1 * 14.0 / 3.0;
        double v1 = 0.9 + 0.4;
        float[] y1 = TfTestSupport.run(s, infer, x, in);
        for (int i = 0; i < y1.length; i++) {
          double expect = i % 2 == 0 ? (X[i] - m0) / Math.sqrt(v0 + EPS)
              : (X[i] - m1) / Math.sqrt(v1 + EPS);
          assertEquals(expect, y1[i], 1e-5, "inference after update " + i);
        }
      }
    }
  }

  @Test
  void parameters_areGammaAndBeta() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VariableFactory f = new VariableFactory(1);
      BatchNorm bn = new BatchNorm(tf, f, 7, 0.9f, EPS);
      assertEquals(14, bn.parameters());
      assertEquals(2, f.trainables().size());
      assertEquals(2, f.statistics().size());
    }
  }
}
