package org.medcl.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
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

  @Test
  void areaFloor_leavesMapsAboveItUnchanged() {
    // handMaps_giveMinusMeanCosine's maps have squared norms of at least 0.5 on 2 pixels: a
    // floor of 0.25 (f^2 = 0.5) keeps every cosine, so the loss is the same -0.8535534.
    float[] mixed = {1, 1, 1, 0};
    float[] y1 = {1, 1, 0, 0};
    float[] y2 = {0, 0, 1, 1};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> loss = new MixLoss(false, 0.25).apply(tf, maps(tf, mixed, 1, 2, 1, 2),
          maps(tf, y1, 1, 2, 1, 2), maps(tf, y2, 1, 2, 1, 2), tf.constant(new float[] {0.5f}));
      assertEquals(-0.8535534f, Fetch.run(s, loss)[0], 1e-6f);
    }
  }

  @Test
  void areaFloorGradient_matchesCentralDifferences() {
    // MIXED's maps have squared norms 0.29 to 1.06 on 2 pixels; floor 0.3 (f^2 = 0.6) puts
    // some below it and some above.
    GradientCheck.Outcome o = GradientCheck.check((tf, x) -> new MixLoss(false, 0.3).apply(tf,
        x, maps(tf, Y1, 2, 2, 1, 2), maps(tf, Y2, 2, 2, 1, 2), tf.constant(BETA)),
        MIXED, 1e-3f, 2, 2, 1, 2);
    assertTrue(o.maxAbsAnalytic() > 0.05, "gradient too small to test");
    assertTrue(o.maxAbsDifference() < 1e-3, "max difference " + o.maxAbsDifference());
  }

  /**
   * Mean absolute gradient of L_mix with respect to the mixed image's logits, on the channel of
   * a class absent from the images and on the channel of a class present in them.
   */
  private static double[] logitGradients(double areaFloor) {
    // 2 images of 8 x 8 pixels, softmax over background + 3 classes. Class 1 fills a 4 x 4
    // block (logit 6), class 2 is absent (background logit 8 elsewhere, so its probability is
    // about 3e-4 everywhere), class 3 fills another 4 x 4 block. The mixed image and the two
    // views share that layout with independent noise on every logit.
    int n = 2;
    int side = 8;
    int c = 4;
    SplittableRandom random = new SplittableRandom(5);
    float[][] z = new float[3][n * side * side * c];
    for (float[] v : z) {
      for (int b = 0; b < n; b++) {
        for (int i = 0; i < side; i++) {
          for (int j = 0; j < side; j++) {
            int x = ((b * side + i) * side + j) * c;
            for (int k = 0; k < c; k++) {
              v[x + k] = (float) random.nextDouble(-0.5, 0.5);
            }
            int label = i < 4 && j < 4 ? 1 : i >= 4 && j >= 4 ? 3 : 0;
            v[x + label] += label == 0 ? 8f : 6f;
          }
        }
      }
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> logits = maps(tf, z[0], n, side, side, c);
      Operand<TFloat32>[] y = new Operand[3];
      for (int v = 0; v < 3; v++) {
        Operand<TFloat32> l = v == 0 ? logits : maps(tf, z[v], n, side, side, c);
        y[v] = tf.slice(tf.nn.softmax(l), tf.constant(new int[] {0, 0, 0, 1}),
            tf.constant(new int[] {n, side, side, c - 1}));
      }
      Operand<TFloat32> loss = new MixLoss(false, areaFloor).apply(tf, y[0], y[1], y[2],
          tf.constant(new float[] {0.3f, 0.6f}));
      float[] grad = Fetch.run(s, tf.gradients(loss, List.of(logits)).<TFloat32>dy(0));
      double absent = 0;
      double present = 0;
      for (int x = 0; x < grad.length; x += c) {
        absent += Math.abs(grad[x + 2]);
        present += Math.abs(grad[x + 1]);
      }
      return new double[] {absent, present};
    }
  }

  @Test
  void areaFloor_removesThePullOfAnAbsentClassOnItsLogits() {
    // Plain cosine: the absent class's logits (probabilities about 3e-4) get a summed gradient
    // of the present class's order: the cosine does not depend on the maps' scale, and the
    // softmax Jacobian (about p) cancels its 1/|y|.
    double[] plain = logitGradients(0);
    assertTrue(plain[0] > 0.1 * plain[1], "absent " + plain[0] + ", present " + plain[1]);
    // Floor 0.05 (f^2 = 3.2 pixels of 64, far above the absent map's 6e-6, below the present
    // maps' 16): the absent class's pull shrinks by orders of magnitude.
    double[] floored = logitGradients(0.05);
    assertTrue(floored[0] < 1e-2 * plain[0], "absent " + floored[0] + " against " + plain[0]);
    // Through the softmax the absent class's term also reaches the other channels: the present
    // class's gradient was mostly that (about 0.05; its own maps agree, cosine near 1), and
    // with the floor only its own small part is left (about 2e-5).
    assertTrue(floored[1] < 1e-2 * plain[1], "present " + floored[1] + " against " + plain[1]);
    assertTrue(floored[1] > 0, "present " + floored[1]);
  }

  @Test
  void negativeOrNonFiniteAreaFloor_isRejected() {
    for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new MixLoss(false, bad));
      assertTrue(e.getMessage().contains("area floor"), e.getMessage());
    }
  }
}
