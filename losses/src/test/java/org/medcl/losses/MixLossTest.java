package org.medcl.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medcl.ops.Fetch;
import org.medcl.ops.testing.GradientCheck;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class MixLossTest {

  private static Operand<TFloat32> maps(Ops tf, float[] v, int n, int h, int w, int k) {
    return tf.reshape(tf.constant(v), tf.constant(new int[] {n, h, w, k}));
  }

  @Test
  void defaults_letGradientsFlowIntoBothSides() {
    assertFalse(MixLoss.defaults().stopGradientOnTarget());
  }

  @Test
  void handMaps_giveMinusMeanCosine() {
    // One image of 2 x 1 pixels, 2 maps (HWC: pixel-major). beta = 0.5.
    // map 0: y1 = (1, 0), y2 = (0, 1) -> target (0.5, 0.5); mixed (1, 1): cos = 1.
    // map 1: y1 = (1, 0), y2 = (0, 1) -> target (0.5, 0.5); mixed (1, 0):
    //   cos = 0.5 / (1 * sqrt(0.5)) = 0.7071068.
    // L_mix = -(1 + 0.7071068) / 2 = -0.8535534.
    float[] mixed = {1, 1, 1, 0};
    float[] y1 = {1, 1, 0, 0};
    float[] y2 = {0, 0, 1, 1};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> loss = MixLoss.defaults().apply(tf, maps(tf, mixed, 1, 2, 1, 2),
          maps(tf, y1, 1, 2, 1, 2), maps(tf, y2, 1, 2, 1, 2), tf.constant(new float[] {0.5f}));
      assertEquals(-0.8535534f, Fetch.run(s, loss)[0], 1e-6f);
    }
  }

  private static final float[] Y1 = {0.2f, 0.7f, 0.1f, 0.4f, 0.9f, 0.3f, 0.5f, 0.6f};
  private static final float[] Y2 = {0.8f, 0.1f, 0.3f, 0.6f, 0.2f, 0.5f, 0.7f, 0.4f};
  private static final float[] MIXED = {0.5f, 0.4f, 0.2f, 0.5f, 0.6f, 0.4f, 0.3f, 0.9f};
  private static final float[] BETA = {0.3f, 0.8f};

  @Test
  void gradientWithRespectToMixedMaps_matchesCentralDifferences() {
    GradientCheck.Outcome o = GradientCheck.check((tf, x) -> MixLoss.defaults().apply(tf, x,
        maps(tf, Y1, 2, 2, 1, 2), maps(tf, Y2, 2, 2, 1, 2), tf.constant(BETA)),
        MIXED, 1e-2f, 2, 2, 1, 2);
    assertTrue(o.maxAbsAnalytic() > 0.05, "gradient too small to test");
    assertTrue(o.maxAbsDifference() < 1e-3, "max difference " + o.maxAbsDifference());
  }

  @Test
  void gradientWithRespectToAView_flowsByDefaultAndStopsWhenAsked() {
    GradientCheck.Outcome flowing = GradientCheck.check((tf, x) -> MixLoss.defaults().apply(tf,
        maps(tf, MIXED, 2, 2, 1, 2), x, maps(tf, Y2, 2, 2, 1, 2), tf.constant(BETA)),
        Y1, 1e-2f, 2, 2, 1, 2);
    assertTrue(flowing.maxAbsAnalytic() > 0.01, "gradient " + flowing.maxAbsAnalytic());
    assertTrue(flowing.maxAbsDifference() < 1e-3, "max difference "
        + flowing.maxAbsDifference());
    GradientCheck.Outcome stopped = GradientCheck.check((tf, x) -> new MixLoss(true).apply(tf,
        maps(tf, MIXED, 2, 2, 1, 2), x, maps(tf, Y2, 2, 2, 1, 2), tf.constant(BETA)),
        Y1, 1e-2f, 2, 2, 1, 2);
    assertEquals(0.0, stopped.maxAbsAnalytic());
    assertEquals(flowing.value(), stopped.value());
  }
}
