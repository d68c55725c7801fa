package org.medcl.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class SinkhornTest {

  private static float[] uniformScores(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] s = new float[size];
    for (int i = 0; i < size; i++) {
      s[i] = (float) random.nextDouble(-1, 1);
    }
    return s;
  }

  private static float[] runSinkhorn(Sinkhorn sinkhorn, float[] scores, int d, int n) {
    try (Graph g = new Graph(); Session s = new Session(g);
        TFloat32 feed = Fetch.tensor(scores, d, n)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(d, n)));
      return Fetch.run(s, Map.of(x, feed), sinkhorn.apply(tf, x));
    }
  }

  /** Q of 128 prototypes over 200,000 pixels with uniform scores in [-1, 1], computed once. */
  private static float[] largeQ;

  private static synchronized float[] largeQ() {
    if (largeQ == null) {
      largeQ = runSinkhorn(Sinkhorn.defaults(), uniformScores(LARGE_D * LARGE_N, 3), LARGE_D,
          LARGE_N);
    }
    return largeQ;
  }

  private static final int LARGE_D = 128;
  private static final int LARGE_N = 200_000;

  /**
   * The textbook algorithm in double precision: Q = exp(S/eps), Q /= sum(Q), then per iteration
   * rows to 1/d and columns to 1/N, finally every column scaled to sum 1 (times N).
   */
  private static double[][] reference(float[] scores, int d, int n, double eps, int iterations) {
    double[][] q = new double[d][n];
    double max = Double.NEGATIVE_INFINITY;
    for (float v : scores) {
      max = Math.max(max, v);
    }
    double total = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < n; j++) {
        q[i][j] = Math.exp((scores[i * n + j] - max) / eps);
        total += q[i][j];
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < n; j++) {
        q[i][j] /= total;
      }
    }
    for (int it = 0; it < iterations; it++) {
      for (int i = 0; i < d; i++) {
        double row = 0;
        for (int j = 0; j < n; j++) {
          row += q[i][j];
        }
        for (int j = 0; j < n; j++) {
          q[i][j] /= row * d;
        }
      }
      for (int j = 0; j < n; j++) {
        double col = 0;
        for (int i = 0; i < d; i++) {
          col += q[i][j];
        }
        for (int i = 0; i < d; i++) {
          q[i][j] /= col * n;
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < n; j++) {
        q[i][j] *= n;
      }
    }
    return q;
  }

  @Test
  void defaults_areEps005AndThreeIterations() {
    assertEquals(0.05, Sinkhorn.defaults().eps());
    assertEquals(3, Sinkhorn.defaults().iterations());
  }

  @Test
  void uniformScores_matchDoublePrecisionTextbookAlgorithm() {
    int d = 8;
    int n = 300;
    float[] scores = uniformScores(d * n, 1);
    float[] q = runSinkhorn(Sinkhorn.defaults(), scores, d, n);
    double[][] expected = reference(scores, d, n, 0.05, 3);
    double maxDiff = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < n; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(q[i * n + j] - expected[i][j]));
      }
    }
    assertTrue(maxDiff < 1e-5, "max |Q - Q_ref| = " + maxDiff);
  }

  @Test
  void everyColumn_sumsToOne() {
    int d = 16;
    int n = 1000;
    float[] q = runSinkhorn(Sinkhorn.defaults(), uniformScores(d * n, 2), d, n);
    for (int j = 0; j < n; j++) {
      double col = 0;
      for (int i = 0; i < d; i++) {
        col += q[i * n + j];
      }
      assertEquals(1.0, col, 1e-5, "column " + j);
    }
  }

  @Test
  void prototypeMarginals_areOneOverDAfterTheIterations() {
    // Before the final column normalisation every column holds exactly 1/N, so that step is a
    // multiplication by N: the marginals after the iterations are the row sums of Q over N.
    int d = LARGE_D;
    int n = LARGE_N;
    float[] q = largeQ();
    // Measured: worst absolute deviation 2.0e-6, i.e. 2.6e-4 relative to 1/d = 0.0078125.
    double worst = 0;
    for (int i = 0; i < d; i++) {
      double row = 0;
      for (int j = 0; j < n; j++) {
        row += q[i * n + j];
      }
      worst = Math.max(worst, Math.abs(row / n - 1.0 / d));
    }
    assertTrue(worst < 1e-3, "worst |row/N - 1/d| = " + worst + " against 1/d = " + 1.0 / d);
    assertTrue(worst * d < 1e-3, "worst relative deviation " + worst * d);
  }

  @Test
  void scoresInUnitInterval_over200000Pixels_giveNoNanOrInf() {
    float[] q = largeQ();
    int bad = 0;
    for (float v : q) {
      if (!Float.isFinite(v)) {
        bad++;
      }
    }
    assertEquals(0, bad, "entries of Q that are NaN or infinite");
  }

  @Test
  void scoresFarBeyondUnitInterval_stayFinite() {
    // exp(200 / 0.05) overflows float32 without the shift; rows far below every column's
    // maximum underflow to 0 and must give 0, not NaN.
    int d = 4;
    int n = 50;
    float[] scores = uniformScores(d * n, 5);
    for (int i = 0; i < scores.length; i++) {
      scores[i] *= 200f;
    }
    for (int j = 0; j < n; j++) {
      scores[3 * n + j] = -1000f;
    }
    float[] q = runSinkhorn(Sinkhorn.defaults(), scores, d, n);
    float[] qt = runPixelMajor(Sinkhorn.defaults(), transpose(scores, d, n), n, d);
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < d; i++) {
        assertEquals(q[i * n + j], qt[j * d + i], 1e-6, "pixel-major layout");
      }
    }
    for (int j = 0; j < n; j++) {
      double col = 0;
      for (int i = 0; i < d; i++) {
        assertTrue(Float.isFinite(q[i * n + j]), "Q[" + i + ", " + j + "] = " + q[i * n + j]);
        col += q[i * n + j];
      }
      assertEquals(1.0, col, 1e-5);
      assertEquals(0f, q[3 * n + j]);
    }
  }

  private static float[] transpose(float[] x, int rows, int cols) {
    float[] out = new float[x.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[j * rows + i] = x[i * cols + j];
      }
    }
    return out;
  }

  private static float[] runPixelMajor(Sinkhorn sinkhorn, float[] scoresT, int n, int d) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      return Fetch.run(s, sinkhorn.applyPixelMajor(tf,
          tf.reshape(tf.constant(scoresT), tf.constant(new int[] {n, d}))));
    }
  }

  @Test
  void pixelMajor_isTheTransposeOfPrototypeMajor() {
    int d = 5;
    int n = 40;
    float[] scores = uniformScores(d * n, 6);
    float[] q = runSinkhorn(Sinkhorn.defaults(), scores, d, n);
    float[] qt = runPixelMajor(Sinkhorn.defaults(), transpose(scores, d, n), n, d);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < n; j++) {
        assertEquals(q[i * n + j], qt[j * d + i], 1e-6);
      }
    }
  }

  @Test
  void gradientThroughSinkhorn_isExactlyZero() {
    int d = 3;
    int n = 7;
    float[] scores = uniformScores(d * n, 7);
    float[] weights = uniformScores(d * n, 8);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(d, n)));
      Operand<TFloat32> w = tf.reshape(tf.constant(weights), tf.constant(new int[] {d, n}));
      Operand<TFloat32> q = Sinkhorn.defaults().apply(tf, tf.math.mul(x, tf.constant(2f)));
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(q, w), tf.constant(new int[] {0, 1}));
      // Control: the same loss on a softmax, to show that the harness sees real gradients.
      Operand<TFloat32> control = tf.reduceSum(tf.math.mul(tf.nn.softmax(x), w),
          tf.constant(new int[] {0, 1}));
      Operand<TFloat32> grad = tf.gradients(
          tf.math.add(loss, tf.math.mul(control, tf.constant(0f))), List.of(x)).<TFloat32>dy(0);
      Operand<TFloat32> controlGrad = tf.gradients(control, List.of(x)).<TFloat32>dy(0);
      try (TFloat32 feed = Fetch.tensor(scores, d, n)) {
        List<float[]> out = Fetch.run(s, Map.of(x, feed), List.of(grad, controlGrad));
        for (float v : out.get(0)) {
          assertTrue(v == 0f, "gradient " + v);
        }
        double controlMax = 0;
        for (float v : out.get(1)) {
          controlMax = Math.max(controlMax, Math.abs(v));
        }
        assertTrue(controlMax > 1e-3, "control gradient max " + controlMax);
      }
    }
  }

  @Test
  void nonPositiveEps_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Sinkhorn(0, 3));
    assertEquals("expected a positive finite eps, found 0.0", e.getMessage());
  }

  @Test
  void zeroIterations_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Sinkhorn(0.05, 0));
    assertEquals("expected at least 1 iteration, found 0", e.getMessage());
  }
}
