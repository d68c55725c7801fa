package org.medcl.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medcl.ops.Fetch;
import org.medcl.ops.Sinkhorn;
import org.medcl.ops.testing.GradientCheck;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class ClusterLossTest {

  private static final int N = 2;
  private static final int H = 2;
  private static final int W = 3;
  private static final int M = 2;
  private static final int K = 3;
  private static final int D = 4;

  private static float[] random(int size, long seed, double lo, double hi) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) r.nextDouble(lo, hi);
    }
    return x;
  }

  /** Expected values computed in plain Java double arithmetic, straight from METHOD.md. */
  private static final class Reference {
    double map;
    double cluster;
    double[][] centres;
  }

  private static Reference reference(ClusterLoss loss, float[] y, int n, int pixels, int k,
      float[] a, int d) {
    int total = n * pixels;
    // Unit prototype columns and unit pixel vectors; S[j][x].
    double[][] an = new double[k][d];
    for (int j = 0; j < d; j++) {
      double sq = 0;
      for (int i = 0; i < k; i++) {
        sq += a[i * d + j] * a[i * d + j];
      }
      for (int i = 0; i < k; i++) {
        an[i][j] = a[i * d + j] / Math.sqrt(sq + 1e-12);
      }
    }
    double[][] s = new double[d][total];
    for (int x = 0; x < total; x++) {
      double sq = 0;
      for (int i = 0; i < k; i++) {
        sq += y[x * k + i] * y[x * k + i];
      }
      // Unit vectors, or divided by the norm floor f where shorter than f.
      double f = loss.normFloor();
      double norm = f > 0 ? Math.sqrt(Math.max(sq, f * f)) : Math.sqrt(sq + 1e-12);
      for (int j = 0; j < d; j++) {
        double dot = 0;
        for (int i = 0; i < k; i++) {
          dot += an[i][j] * y[x * k + i] / norm;
        }
        s[j][x] = dot;
      }
    }
    // Sinkhorn: exp(S / eps), normalised, rows to 1/d then columns to 1/N, columns to 1.
    double eps = loss.sinkhorn().eps();
    double[][] q = new double[d][total];
    double sum = 0;
    for (int j = 0; j < d; j++) {
      for (int x = 0; x < total; x++) {
        q[j][x] = Math.exp(s[j][x] / eps);
        sum += q[j][x];
      }
    }
    for (int j = 0; j < d; j++) {
      for (int x = 0; x < total; x++) {
        q[j][x] /= sum;
      }
    }
    for (int it = 0; it < loss.sinkhorn().iterations(); it++) {
      for (int j = 0; j < d; j++) {
        double row = 0;
        for (int x = 0; x < total; x++) {
          row += q[j][x];
        }
        for (int x = 0; x < total; x++) {
          q[j][x] /= row * d;
        }
      }
      for (int x = 0; x < total; x++) {
        double col = 0;
        for (int j = 0; j < d; j++) {
          col += q[j][x];
        }
        for (int j = 0; j < d; j++) {
          q[j][x] /= col * total;
        }
      }
    }
    // P = softmax over d of S / w; L_map.
    double w = loss.mappingTemperature();
    double[][] p = new double[d][total];
    double map = 0;
    for (int x = 0; x < total; x++) {
      double z = 0;
      for (int j = 0; j < d; j++) {
        z += Math.exp(s[j][x] / w);
      }
      for (int j = 0; j < d; j++) {
        p[j][x] = Math.exp(s[j][x] / w) / z;
        map -= q[j][x] * total * Math.log(p[j][x]) / total;
      }
    }
    // Codes and centres.
    double[][][] codes = new double[n][k][d];
    double[][] centres = new double[k][d];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < k; i++) {
        double mass = 0;
        for (int x = b * pixels; x < (b + 1) * pixels; x++) {
          mass += y[x * k + i];
        }
        for (int j = 0; j < d; j++) {
          double acc = 0;
          for (int x = b * pixels; x < (b + 1) * pixels; x++) {
            acc += y[x * k + i] * p[j][x];
          }
          codes[b][i][j] = acc / (mass + 1e-6);
          centres[i][j] += codes[b][i][j] / n;
        }
      }
    }
    double tau = loss.tau();
    int m = loss.numClasses();
    double compact = 0;
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < m; i++) {
        compact += Math.exp(cos(codes[b][i], centres[i]) / tau);
      }
    }
    double discrim = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        if (i != j) {
          discrim += Math.exp(cos(centres[i], centres[j]) / tau);
        }
      }
    }
    Reference r = new Reference();
    r.map = map;
    r.cluster = map - Math.log(compact / (compact + discrim));
    r.centres = centres;
    return r;
  }

  private static double cos(double[] u, double[] v) {
    double dot = 0;
    double nu = 0;
    double nv = 0;
    for (int i = 0; i < u.length; i++) {
      dot += u[i] * v[i];
      nu += u[i] * u[i];
      nv += v[i] * v[i];
    }
    return dot / (Math.sqrt(nu) * Math.sqrt(nv));
  }

  private static List<float[]> run(ClusterLoss loss, float[] y, int n, int h, int w, int k,
      float[] a, int d) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ClusterTerms t = loss.apply(tf,
          tf.reshape(tf.constant(y), tf.constant(new int[] {n, h, w, k})),
          tf.reshape(tf.constant(a), tf.constant(new int[] {k, d})));
      return Fetch.run(s, Map.of(), List.of(t.map(), t.cluster(), t.centres()));
    }
  }

  private static ClusterLoss small() {
    return new ClusterLoss(M, D, Sinkhorn.defaults(), 0.1, 0.1, 1);
  }

  @Test
  void defaults_followTheMethod() {
    ClusterLoss c = ClusterLoss.defaults(3);
    assertEquals(128, c.prototypes());
    assertEquals(0.05, c.sinkhorn().eps());
    assertEquals(3, c.sinkhorn().iterations());
    assertEquals(0.1, c.mappingTemperature());
    assertEquals(0.1, c.tau());
    assertEquals(1, c.poolFactor());
    assertEquals(0, c.normFloor());
  }

  @Test
  void tinyInput_matchesDoublePrecisionReference() {
    float[] y = random(N * H * W * K, 1, 0, 1);
    float[] a = random(K * D, 2, -1, 1);
    List<float[]> out = run(small(), y, N, H, W, K, a, D);
    Reference r = reference(small(), y, N, H * W, K, a, D);
    assertEquals(r.map, out.get(0)[0], 1e-4 * Math.abs(r.map) + 1e-5);
    assertEquals(r.cluster, out.get(1)[0], 1e-4 * Math.abs(r.cluster) + 1e-5);
    for (int i = 0; i < K; i++) {
      for (int j = 0; j < D; j++) {
        assertEquals(r.centres[i][j], out.get(2)[i * D + j], 1e-5, "centre " + i + ", " + j);
      }
    }
  }

  /**
   * Average pooling by p with TensorFlow's SAME padding: windows start at multiples of p and a
   * window cut by the border averages only the pixels it holds.
   */
  private static float[] pool(float[] y, int n, int h, int w, int p) {
    int ph = (h + p - 1) / p;
    int pw = (w + p - 1) / p;
    float[] out = new float[n * ph * pw * K];
    for (int b = 0; b < n; b++) {
      for (int py = 0; py < ph; py++) {
        for (int px = 0; px < pw; px++) {
          for (int i = 0; i < K; i++) {
            double acc = 0;
            int count = 0;
            for (int yy = py * p; yy < Math.min(h, py * p + p); yy++) {
              for (int xx = px * p; xx < Math.min(w, px * p + p); xx++) {
                acc += y[((b * h + yy) * w + xx) * K + i];
                count++;
              }
            }
            out[((b * ph + py) * pw + px) * K + i] = (float) (acc / count);
          }
        }
      }
    }
    return out;
  }

  @Test
  void normFloor_matchesDoublePrecisionReference_withPixelsOnBothSidesOfTheFloor() {
    // Norms of 3 values in [0, 0.6] range from about 0.1 to 1.0: both sides of f = 0.5.
    float[] y = random(N * H * W * K, 21, 0, 0.6);
    float[] a = random(K * D, 22, -1, 1);
    ClusterLoss floored = small().withNormFloor(0.5);
    List<float[]> out = run(floored, y, N, H, W, K, a, D);
    Reference r = reference(floored, y, N, H * W, K, a, D);
    Reference unit = reference(small(), y, N, H * W, K, a, D);
    assertEquals(r.map, out.get(0)[0], 1e-4 * Math.abs(r.map) + 1e-5);
    assertEquals(r.cluster, out.get(1)[0], 1e-4 * Math.abs(r.cluster) + 1e-5);
    assertTrue(Math.abs(r.map - unit.map) > 1e-2, "the floor changed nothing: " + r.map);
  }

  @Test
  void normFloor_shrinksShortVectorsAndKeepsLongOnesUnit() {
    // (0.1, 0.2, 0.2) has norm 0.3 < f = 0.5: divided by 0.5. (0.6, 0.8, 0) has norm 1: unit.
    float[] flat = {0.1f, 0.2f, 0.2f, 0.6f, 0.8f, 0f};
    float[] expected = {0.2f, 0.4f, 0.4f, 0.6f, 0.8f, 0f};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      float[] got = Fetch.run(s, Map.of(), List.of(small().withNormFloor(0.5).scalePixels(tf,
          tf.reshape(tf.constant(flat), tf.constant(new int[] {2, 3}))))).get(0);
      for (int i = 0; i < flat.length; i++) {
        assertEquals(expected[i], got[i], 1e-6, "value " + i);
      }
    }
  }

  @Test
  void normFloorGradient_matchesCentralDifferences() {
    // Pixels of norm about 0.2 to 1.5 on both sides of f = 0.5 (none within 1e-2 of it).
    float[] flat = {0.1f, 0.2f, 0.1f, 0.6f, 0.8f, 0.9f, 0.05f, 0.3f, 0.2f, 0.9f, 0.1f, 0.3f};
    float[] weights = random(flat.length, 23, -1, 1);
    GradientCheck.Outcome o = GradientCheck.check((tf, x) -> tf.reduceSum(tf.math.mul(
        small().withNormFloor(0.5).scalePixels(tf, x),
        tf.reshape(tf.constant(weights), tf.constant(new int[] {4, 3}))),
        tf.constant(new int[] {0, 1})), flat, 1e-3f, 4, 3);
    assertTrue(o.maxAbsAnalytic() > 0.1, "gradient " + o.maxAbsAnalytic());
    assertTrue(o.maxAbsDifference() < 2e-3, "max difference " + o.maxAbsDifference());
  }

  /**
   * Mean absolute gradient of L_map with respect to the logits of background pixels and of heart
   * pixels, the maps being the foreground channels of a softmax over background + K classes.
   */
  private static double[] logitGradients(double floor) {
    // 2 images of 4 x 4 pixels; the first 8 pixels of each image are background (logit 8 for
    // background, small random logits for the classes: foreground probabilities about 3e-4),
    // the other 8 are heart pixels of one class (logit 4 for it).
    int pixels = 2 * 16;
    int c = K + 1;
    float[] z = random(pixels * c, 31, -0.5, 0.5);
    boolean[] background = new boolean[pixels];
    for (int x = 0; x < pixels; x++) {
      background[x] = x % 16 < 8;
      z[x * c + (background[x] ? 0 : 1 + x % K)] += background[x] ? 8f : 4f;
    }
    float[] a = random(K * D, 32, -1, 1);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> logits = tf.reshape(tf.constant(z), tf.constant(new int[] {2, 4, 4, c}));
      Operand<TFloat32> y = tf.slice(tf.nn.softmax(logits), tf.constant(new int[] {0, 0, 0, 1}),
          tf.constant(new int[] {2, 4, 4, K}));
      ClusterTerms t = small().withNormFloor(floor).apply(tf, y,
          tf.reshape(tf.constant(a), tf.constant(new int[] {K, D})));
      float[] grad = Fetch.run(s, tf.gradients(t.map(), List.of(logits)).<TFloat32>dy(0));
      double[] sums = new double[2];
      for (int x = 0; x < pixels; x++) {
        for (int i = 0; i < c; i++) {
          sums[background[x] ? 0 : 1] += Math.abs(grad[x * c + i]) / (pixels / 2.0 * c);
        }
      }
      return sums;
    }
  }

  @Test
  void normFloor_removesThePullOfBackgroundPixelsOnTheirLogits() {
    // Unit vectors: a background pixel's logits get a gradient of the heart pixels' order,
    // although its maps are about 3e-4 (the softmax Jacobian cancels the 1/|y| of the scaling).
    double[] unit = logitGradients(0);
    assertTrue(unit[0] > 0.1 * unit[1], "background " + unit[0] + ", heart " + unit[1]);
    // With f = 0.5 a background pixel's gradient is |y| / f times a bounded (P - Q) / w term: it
    // fell 30-fold here (Q of background pixels is not uniform: they fill the prototypes the
    // heart pixels leave). Heart pixels keep theirs.
    double[] floored = logitGradients(0.5);
    assertTrue(floored[0] < 0.1 * unit[0], "background " + floored[0] + " against " + unit[0]);
    assertTrue(floored[1] > 0.1 * unit[1], "heart " + floored[1] + " against " + unit[1]);
  }

  @Test
  void negativeOrNonFiniteNormFloor_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> small().withNormFloor(-0.1));
    assertThrows(IllegalArgumentException.class, () -> small().withNormFloor(Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> small().withNormFloor(Double.POSITIVE_INFINITY));
  }

  @Test
  void poolFactorTwo_equalsTheMethodOnMapsAveragedOverTwoByTwoBlocks() {
    float[] y = random(N * 4 * 6 * K, 3, 0, 1);
    float[] a = random(K * D, 4, -1, 1);
    List<float[]> got = run(small().withPoolFactor(2), y, N, 4, 6, K, a, D);
    Reference r = reference(small(), pool(y, N, 4, 6, 2), N, 6, K, a, D);
    assertEquals(r.map, got.get(0)[0], 1e-4 * Math.abs(r.map) + 1e-5);
    assertEquals(r.cluster, got.get(1)[0], 1e-4 * Math.abs(r.cluster) + 1e-5);
  }

  @Test
  void poolFactorNotDividingTheSize_averagesPartialBorderWindows() {
    // 5 x 3 maps pooled by 2 give 3 x 2 maps; the last row and column windows are partial.
    float[] y = random(N * 5 * 3 * K, 13, 0, 1);
    float[] a = random(K * D, 14, -1, 1);
    List<float[]> got = run(small().withPoolFactor(2), y, N, 5, 3, K, a, D);
    Reference r = reference(small(), pool(y, N, 5, 3, 2), N, 6, K, a, D);
    assertEquals(r.map, got.get(0)[0], 1e-4 * Math.abs(r.map) + 1e-5);
    assertEquals(r.cluster, got.get(1)[0], 1e-4 * Math.abs(r.cluster) + 1e-5);
  }

  @Test
  void mapLossGradient_withAssignmentsHeldFixed_matchesCentralDifferences() {
    // L_map(S) = -(1/N) sum Q log softmax(S / w) with Q a fixed distribution per pixel.
    int pixels = 5;
    float[] q = random(pixels * D, 5, 0, 1);
    for (int x = 0; x < pixels; x++) {
      float sum = 0;
      for (int j = 0; j < D; j++) {
        sum += q[x * D + j];
      }
      for (int j = 0; j < D; j++) {
        q[x * D + j] /= sum;
      }
    }
    float[] scores = random(pixels * D, 6, -1, 1);
    GradientCheck.Outcome o = GradientCheck.check((tf, x) -> ClusterLoss.mapLoss(tf,
        small().logAssignment(tf, x),
        tf.reshape(tf.constant(q), tf.constant(new int[] {pixels, D}))),
        scores, 1e-3f, pixels, D);
    assertTrue(o.maxAbsAnalytic() > 0.1, "gradient too small to test");
    assertTrue(o.maxAbsDifference() < 2e-3, "max difference " + o.maxAbsDifference());
  }

  @Test
  void clusterPartGradient_matchesCentralDifferences() {
    // L_cluster - L_map = -log(compact / (compact + discrim)) has no Sinkhorn in it, so its
    // symbolic gradient with respect to the maps can be checked by central differences.
    float[] y = random(N * H * W * K, 7, 0.1, 1);
    float[] a = random(K * D, 8, -1, 1);
    GradientCheck.Outcome o = GradientCheck.check((tf, x) -> {
      ClusterTerms t = small().apply(tf, x,
          tf.reshape(tf.constant(a), tf.constant(new int[] {K, D})));
      return tf.math.sub(t.cluster(), t.map());
    }, y, 1e-2f, N, H, W, K);
    assertTrue(o.maxAbsAnalytic() > 1e-2, "gradient " + o.maxAbsAnalytic());
    assertTrue(o.maxAbsDifference() < 5e-3 * Math.max(1, o.maxAbsAnalytic()),
        "max difference " + o.maxAbsDifference() + " of " + o.maxAbsAnalytic());
  }

  @Test
  void clusterPartGradient_withRespectToPrototypes_matchesCentralDifferences() {
    float[] y = random(N * H * W * K, 9, 0.1, 1);
    float[] a = random(K * D, 10, -1, 1);
    GradientCheck.Outcome o = GradientCheck.check((tf, x) -> {
      ClusterTerms t = small().apply(tf,
          tf.reshape(tf.constant(y), tf.constant(new int[] {N, H, W, K})), x);
      return tf.math.sub(t.cluster(), t.map());
    }, a, 1e-2f, K, D);
    assertTrue(o.maxAbsAnalytic() > 1e-2, "gradient " + o.maxAbsAnalytic());
    assertTrue(o.maxAbsDifference() < 5e-3 * Math.max(1, o.maxAbsAnalytic()),
        "max difference " + o.maxAbsDifference() + " of " + o.maxAbsAnalytic());
  }

  @Test
  void gradientOfMapLoss_reachesMapsAndPrototypesOnlyThroughP() {
    // Everything finite and non-zero; Q contributes nothing (checked in SinkhornTest).
    float[] y = random(N * H * W * K, 11, 0, 1);
    float[] a = random(K * D, 12, -1, 1);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> yv = tf.reshape(tf.constant(y), tf.constant(new int[] {N, H, W, K}));
      Operand<TFloat32> av = tf.reshape(tf.constant(a), tf.constant(new int[] {K, D}));
      ClusterTerms t = small().apply(tf, yv, av);
      List<float[]> grads = Fetch.run(s, Map.of(), List.of(
          tf.gradients(t.cluster(), List.of(yv)).<TFloat32>dy(0),
          tf.gradients(t.cluster(), List.of(av)).<TFloat32>dy(0)));
      for (float[] grad : grads) {
        double max = 0;
        for (float v : grad) {
          assertTrue(Float.isFinite(v), "gradient " + v);
          max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 1e-3, "gradient max " + max);
      }
    }
  }

  @Test
  void prototypesOfWrongShape_areRejected() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> small().apply(tf, tf.zeros(tf.constant(new int[] {1, 2, 2, K}), TFloat32.class),
              tf.zeros(tf.constant(new int[] {K, D + 1}), TFloat32.class)));
      assertEquals("expected prototypes [3, 4], found shape [3, 5]", e.getMessage());
    }
  }
}
