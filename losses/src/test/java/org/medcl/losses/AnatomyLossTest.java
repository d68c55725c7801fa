package org.medcl.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medcl.ops.Fetch;
import org.medcl.ops.testing.GradientCheck;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class AnatomyLossTest {

  private static float[] random(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) r.nextDouble(0.05, 1);
    }
    return x;
  }

  private static Operand<TFloat32> shaped(Ops tf, float[] v, int... shape) {
    return tf.reshape(tf.constant(v), tf.constant(shape));
  }

  private static double cos(double[] u, double[] v) {
    return cos(u, v, 0);
  }

  /** Cosine with each squared norm raised to at least {@code floorSquared}. */
  private static double cos(double[] u, double[] v, double floorSquared) {
    double dot = 0;
    double nu = 0;
    double nv = 0;
    for (int i = 0; i < u.length; i++) {
      dot += u[i] * v[i];
      nu += u[i] * u[i];
      nv += v[i] * v[i];
    }
    return dot / Math.sqrt(Math.max(nu, floorSquared) * Math.max(nv, floorSquared));
  }

  /** L_ac in double precision, straight from METHOD.md section 5. */
  private static double reference(UnionChain chain, float[] y, int n, int pixels,
      float[] centres, int d) {
    return reference(chain, y, n, pixels, centres, d, 0);
  }

  /** The same with the local cosines' squared norms floored at {@code areaFloor * pixels}. */
  private static double reference(UnionChain chain, float[] y, int n, int pixels,
      float[] centres, int d, double areaFloor) {
    int k = chain.numMaps();
    double total = 0;
    for (int u = 0; u < chain.size(); u++) {
      int[] classes = chain.classChannels(u);
      int j = chain.unionChannel(u);
      double local = 0;
      for (int b = 0; b < n; b++) {
        double[] unionMap = new double[pixels];
        double[] sum = new double[pixels];
        for (int x = 0; x < pixels; x++) {
          unionMap[x] = y[(b * pixels + x) * k + j];
          for (int c : classes) {
            sum[x] += y[(b * pixels + x) * k + c];
          }
        }
        local -= cos(unionMap, sum, areaFloor * pixels) / n;
      }
      double[] unionCentre = new double[d];
      double[] centreSum = new double[d];
      for (int e = 0; e < d; e++) {
        unionCentre[e] = centres[j * d + e];
        for (int c : classes) {
          centreSum[e] += centres[c * d + e];
        }
      }
      total += local - cos(unionCentre, centreSum);
    }
    return total;
  }

  @Test
  void handMaps_giveMinusOneMinusCosineOfCentres() {
    // m = 2, one union {1, 2}; one image of 1 x 2 pixels. Y1 = (1, 0), Y2 = (0, 1), union
    // map (1, 1) = Y1 + Y2: local term -1. Centres a1 = (1, 0), a2 = (0, 1), a_union = (1, 0):
    // cos((1, 0), (1, 1)) = 1 / sqrt(2), global term -0.7071068. L_ac = -1.7071068.
    UnionChain chain = new UnionChain(2, List.of(Set.of(1, 2)));
    float[] y = {1, 0, 1, 0, 1, 1};
    float[] centres = {1, 0, 0, 1, 1, 0};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> loss = new AnatomyLoss(chain).apply(tf, shaped(tf, y, 1, 1, 2, 3),
          shaped(tf, centres, 3, 2));
      assertEquals(-1.7071068f, Fetch.run(s, loss)[0], 1e-6f);
    }
  }

  @Test
  void mscmrChain_matchesDoublePrecisionReference() {
    UnionChain chain = UnionChain.mscmr();
    int n = 2;
    int pixels = 6;
    int d = 4;
    float[] y = random(n * pixels * 5, 1);
    float[] centres = random(5 * d, 2);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> loss = new AnatomyLoss(chain).apply(tf, shaped(tf, y, n, 2, 3, 5),
          shaped(tf, centres, 5, d));
      assertEquals(reference(chain, y, n, pixels, centres, d), Fetch.run(s, loss)[0], 1e-5);
    }
  }

  @Test
  void areaFloor_matchesDoublePrecisionReference_withAFaintImage() {
    // Image 0's maps scaled by 0.2 (squared norms about 0.1 to 0.5 on 6 pixels) fall below the
    // floor 0.3 * 6 = 1.8; image 1's (about 2 to 9) are above it.
    UnionChain chain = UnionChain.mscmr();
    int n = 2;
    int pixels = 6;
    int d = 4;
    float[] y = random(n * pixels * 5, 7);
    for (int i = 0; i < pixels * 5; i++) {
      y[i] *= 0.2f;
    }
    float[] centres = random(5 * d, 8);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> loss = new AnatomyLoss(chain, 0.3).apply(tf, shaped(tf, y, n, 2, 3, 5),
          shaped(tf, centres, 5, d));
      double floored = reference(chain, y, n, pixels, centres, d, 0.3);
      assertEquals(floored, Fetch.run(s, loss)[0], 1e-5);
      assertTrue(Math.abs(floored - reference(chain, y, n, pixels, centres, d)) > 0.1,
          "the floor should change the loss here");
    }
  }

  @Test
  void gradientWithRespectToMaps_matchesCentralDifferences() {
    float[] y = random(2 * 2 * 2 * 5, 3);
    float[] centres = random(5 * 3, 4);
    GradientCheck.Outcome o = GradientCheck.check((tf, x) -> new AnatomyLoss(UnionChain.mscmr())
        .apply(tf, x, shaped(tf, centres, 5, 3)), y, 1e-2f, 2, 2, 2, 5);
    assertTrue(o.maxAbsAnalytic() > 1e-2, "gradient " + o.maxAbsAnalytic());
    assertTrue(o.maxAbsDifference() < 2e-3, "max difference " + o.maxAbsDifference());
  }

  @Test
  void gradientWithRespectToCentres_matchesCentralDifferences() {
    float[] y = random(2 * 2 * 2 * 5, 5);
    float[] centres = random(5 * 3, 6);
    GradientCheck.Outcome o = GradientCheck.check((tf, x) -> new AnatomyLoss(UnionChain.mscmr())
        .apply(tf, shaped(tf, y, 2, 2, 2, 5), x), centres, 1e-2f, 5, 3);
    assertTrue(o.maxAbsAnalytic() > 1e-2, "gradient " + o.maxAbsAnalytic());
    assertTrue(o.maxAbsDifference() < 2e-3, "max difference " + o.maxAbsDifference());
  }

  @Test
  void mapsWithWrongChannelCount_areRejected() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new AnatomyLoss(UnionChain.mscmr()).apply(tf,
              tf.zeros(tf.constant(new int[] {1, 2, 2, 4}), TFloat32.class),
              tf.zeros(tf.constant(new int[] {5, 3}), TFloat32.class)));
      assertEquals("expected 5 channels in y, found shape [1, 2, 2, 4]", e.getMessage());
    }
  }
}
