package org.medcl.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medcl.ops.testing.GradientCheck;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class SimilarityTest {

  private static Operand<TFloat32> maps(Ops tf, float[] values, int n, int h, int w, int k) {
    return tf.reshape(tf.constant(values), tf.constant(new int[] {n, h, w, k}));
  }

  @Test
  void flattenedMaps_giveCosinePerImageAndMap() {
    // One image, 2 x 2 pixels, 3 maps, HWC order (pixel-major, map fastest).
    // map 0: a = (1, 2, 3, 4), b = 2a -> cos 1.
    // map 1: a = (1, 1, 0, 0), b = (1, 0, 0, 0) -> 1 / sqrt(2) = 0.707107.
    // map 2: a = (1, 0, 0, 0), b = (-1, 0, 0, 0) -> -1.
    float[] a = {1, 1, 1, 2, 1, 0, 3, 0, 0, 4, 0, 0};
    float[] b = {2, 1, -1, 4, 0, 0, 6, 0, 0, 8, 0, 0};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      float[] cos = Fetch.run(s, Similarity.cosineFlat(tf, maps(tf, a, 1, 2, 2, 3),
          maps(tf, b, 1, 2, 2, 3)));
      assertArrayEquals(new float[] {1f, 0.707107f, -1f}, cos, 1e-5f);
    }
  }

  @Test
  void zeroMap_givesZeroCosineAndFiniteGradient() {
    float[] zero = new float[4];
    float[] other = {1, 2, 3, 4};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      float[] cos = Fetch.run(s, Similarity.cosineFlat(tf, maps(tf, zero, 1, 2, 2, 1),
          maps(tf, other, 1, 2, 2, 1)));
      assertArrayEquals(new float[] {0f}, cos);
    }
    GradientCheck.Outcome outcome = GradientCheck.check((tf, x) -> tf.reduceSum(
        Similarity.cosineFlat(tf, x, maps(tf, other, 1, 2, 2, 1)), tf.constant(new int[] {0, 1})),
        zero, 1e-3f, 1, 2, 2, 1);
    for (float v : outcome.analytic()) {
      assertTrue(Float.isFinite(v), "gradient " + v);
    }
  }

  @Test
  void vectorsAlongLastAxis_giveCosine() {
    // (3, 4) . (4, 3) = 24, norms 5 and 5 -> 0.96; (1, 0) . (0, 1) = 0.
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      float[] cos = Fetch.run(s, Similarity.cosine(tf,
          tf.constant(new float[][] {{3, 4}, {1, 0}}),
          tf.constant(new float[][] {{4, 3}, {0, 1}})));
      assertArrayEquals(new float[] {0.96f, 0f}, cos, 1e-6f);
    }
  }

  @Test
  void l2Normalize_scalesEachVectorToUnitLength() {
    // Columns (3, 4) and (0, 2) along axis 0 -> (0.6, 0.8) and (0, 1).
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      float[] out = Fetch.run(s, Similarity.l2Normalize(tf,
          tf.constant(new float[][] {{3, 0}, {4, 2}}), 0));
      assertArrayEquals(new float[] {0.6f, 0f, 0.8f, 1f}, out, 1e-6f);
    }
  }

  @Test
  void cosineFlatGradient_matchesCentralDifferences() {
    float[] b = {0.3f, -0.2f, 0.5f, 0.1f, 0.9f, -0.4f, 0.2f, 0.6f};
    float[] a = {0.5f, 0.1f, -0.3f, 0.8f, 0.2f, 0.4f, -0.6f, 0.7f};
    GradientCheck.Outcome outcome = GradientCheck.check((tf, x) -> {
      Operand<TFloat32> cos = Similarity.cosineFlat(tf, x, maps(tf, b, 2, 2, 1, 2));
      // Weights keep the four cosines from entering with the same sign.
      return tf.reduceSum(tf.math.mul(cos, tf.constant(new float[][] {{1, -2}, {0.5f, 3}})),
          tf.constant(new int[] {0, 1}));
    }, a, 1e-2f, 2, 2, 1, 2);
    assertTrue(outcome.maxAbsAnalytic() > 0.1, "gradient too small to test");
    assertTrue(outcome.maxAbsDifference() < 2e-3, "max difference " + outcome.maxAbsDifference());
  }

  @Test
  void areaFloor_shrinksFaintMapsAndKeepsLargeOnes() {
    // One image of 4 x 4 pixels, areaFloor 0.25: f^2 = 0.25 * 16 = 4.
    // map 0: 0.1 everywhere against itself: |a|^2 = 0.16 < 4, dot 0.16 -> 0.16 / 4 = 0.04
    //   (the plain cosine gives 1);
    // map 1: 1 on 8 pixels, 0 elsewhere, against itself: |a|^2 = 8 >= 4 -> cosine 1;
    // map 2: a = 1 on 8 pixels, b = 0.1 on the same 8: |a|^2 = 8, |b|^2 = 0.08 floored to 4,
    //   dot 0.8 -> 0.8 / sqrt(8 * 4) = 0.141421 (plain cosine 1).
    float[] a = new float[16 * 3];
    float[] b = new float[16 * 3];
    for (int x = 0; x < 16; x++) {
      a[3 * x] = 0.1f;
      b[3 * x] = 0.1f;
      a[3 * x + 1] = x < 8 ? 1f : 0f;
      b[3 * x + 1] = a[3 * x + 1];
      a[3 * x + 2] = x < 8 ? 1f : 0f;
      b[3 * x + 2] = x < 8 ? 0.1f : 0f;
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> ma = maps(tf, a, 1, 4, 4, 3);
      Operand<TFloat32> mb = maps(tf, b, 1, 4, 4, 3);
      assertArrayEquals(new float[] {0.04f, 1f, 0.141421f},
          Fetch.run(s, Similarity.cosineFlat(tf, ma, mb, 0.25)), 1e-5f);
      assertArrayEquals(new float[] {1f, 1f, 1f},
          Fetch.run(s, Similarity.cosineFlat(tf, ma, mb, 0)), 1e-5f);
    }
  }

  @Test
  void areaFloorGradient_matchesCentralDifferences_onBothSidesOfTheFloor() {
    // 2 images of 2 x 2 pixels, 2 maps; areaFloor 0.25 gives f^2 = 1: the maps of image 0 are
    // below it (|a|^2 about 0.3), those of image 1 above it (about 1.5).
    float[] b = {0.3f, -0.2f, 0.5f, 0.1f, 0.4f, -0.4f, 0.2f, 0.6f,
        0.9f, 0.8f, -0.7f, 0.5f, 0.6f, 0.9f, 0.4f, -0.8f};
    float[] a = {0.2f, 0.1f, -0.3f, 0.4f, 0.2f, 0.3f, -0.3f, 0.2f,
        0.7f, 0.6f, -0.5f, 0.8f, 0.6f, 0.5f, -0.6f, 0.7f};
    GradientCheck.Outcome outcome = GradientCheck.check((tf, x) -> {
      Operand<TFloat32> cos = Similarity.cosineFlat(tf, x, maps(tf, b, 2, 2, 2, 2), 0.25);
      return tf.reduceSum(tf.math.mul(cos, tf.constant(new float[][] {{1, -2}, {0.5f, 3}})),
          tf.constant(new int[] {0, 1}));
    }, a, 1e-3f, 2, 2, 2, 2);
    assertTrue(outcome.maxAbsAnalytic() > 0.1, "gradient too small to test");
    assertTrue(outcome.maxAbsDifference() < 2e-3, "max difference " + outcome.maxAbsDifference());
  }

  @Test
  void negativeOrNonFiniteAreaFloor_isRejected() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> m = maps(tf, new float[] {1, 2, 3, 4}, 1, 2, 2, 1);
      for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Similarity.cosineFlat(tf, m, m, bad));
        assertTrue(e.getMessage().contains("area floor"), e.getMessage());
      }
    }
  }

  @Test
  void mapsOfWrongRank_areRejected() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Similarity.cosineFlat(tf, tf.constant(new float[] {1, 2}),
              tf.constant(new float[] {1, 2})));
      assertEquals("expected a of rank 4 [N, h, w, K], found shape [2]", e.getMessage());
    }
  }
}
