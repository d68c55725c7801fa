package org.medcl.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medcl.ops.Fetch;
import org.medcl.ops.testing.GradientCheck;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class CategoryLossTest {

  private static float loss(float[][][][] p, float[][] present, float[] known) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      return Fetch.run(s, new CategoryLoss().apply(tf, tf.constant(p), tf.constant(present),
          tf.constant(known)))[0];
    }
  }

  @Test
  void onePixel_givesMinusLogOfInSetMass() {
    // p = (0.5, 0.25, 0.25), Psi = {0, 1}: -log(0.75 + 1e-6) = 0.2876807.
    float got = loss(new float[][][][] {{{{0.5f, 0.25f, 0.25f}}}},
        new float[][] {{1, 1, 0}}, new float[] {1});
    assertEquals(0.2876807f, got, 1e-6f);
  }

  @Test
  void unknownSlices_areLeftOut() {
    // Slice 0 known, 2 pixels: in-set masses 0.75 and 0.5 -> (0.2876807 + 0.6931452) / 2 =
    // 0.4904130 (log(0.5 + 1e-6) = -0.6931452). Slice 1 unknown, any values.
    float[][][][] p = {
        {{{0.5f, 0.25f, 0.25f}, {0.25f, 0.25f, 0.5f}}},
        {{{0.1f, 0.1f, 0.8f}, {0.9f, 0.05f, 0.05f}}}};
    float got = loss(p, new float[][] {{1, 1, 0}, {1, 0, 0}}, new float[] {1, 0});
    assertEquals(0.4904130f, got, 1e-6f);
  }

  @Test
  void noKnownSlice_givesZero() {
    float got = loss(new float[][][][] {{{{0.5f, 0.25f, 0.25f}}}},
        new float[][] {{1, 0, 0}}, new float[] {0});
    assertEquals(0f, got);
  }

  @Test
  void gradientWithRespectToProbabilities_matchesCentralDifferences() {
    SplittableRandom r = new SplittableRandom(1);
    float[] p = new float[2 * 2 * 2 * 4];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) r.nextDouble(0.1, 0.4);
    }
    GradientCheck.Outcome o = GradientCheck.check((tf, x) -> new CategoryLoss().apply(tf, x,
        tf.constant(new float[][] {{1, 0, 1, 0}, {1, 1, 1, 0}}), tf.constant(new float[] {1, 1})),
        p, 1e-3f, 2, 2, 2, 4);
    assertTrue(o.maxAbsAnalytic() > 0.1, "gradient " + o.maxAbsAnalytic());
    assertTrue(o.maxAbsDifference() < 2e-3, "max difference " + o.maxAbsDifference());
  }

  @Test
  void presence_marksClassesWithTargetMassAndAlwaysBackground() {
    // Slice 0: RV at one pixel with mixed mass 0.3, no background scribble; slice 1: nothing.
    float[][][][] t = {
        {{{0, 0.3f, 0, 0}, {0, 0, 0, 0}}},
        {{{0, 0, 0, 0}, {0, 0, 0, 0}}}};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> present = CategoryLoss.presence(tf, tf.constant(t));
      assertArrayEquals(new float[] {1, 1, 0, 0, 1, 0, 0, 0}, Fetch.run(s, present));
    }
  }
}
