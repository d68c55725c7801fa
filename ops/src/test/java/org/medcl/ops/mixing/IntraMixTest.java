package org.medcl.ops.mixing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcl.ops.Fetch;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class IntraMixTest {

  private static final int S = 3;

  /** 90-degree rotation of a 3 x 3 slice with c channels: out[y][x] = in[x][2 - y]. */
  private static float[] rot90(float[] in, int c) {
    float[] out = new float[in.length];
    for (int y = 0; y < S; y++) {
      for (int x = 0; x < S; x++) {
        for (int ch = 0; ch < c; ch++) {
          out[(y * S + x) * c + ch] = in[(x * S + (S - 1 - y)) * c + ch];
        }
      }
    }
    return out;
  }

  private static List<float[]> mix(float[] image, float[] targets, int classes, float theta,
      float[] box, float betaPrime) {
    return mix(S, image, targets, classes, theta, box, betaPrime);
  }

  private static List<float[]> mix(int size, float[] image, float[] targets, int classes,
      float theta, float[] box, float betaPrime) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.reshape(tf.constant(image),
          tf.constant(new int[] {1, size, size, 1}));
      Operand<TFloat32> t = tf.reshape(tf.constant(targets),
          tf.constant(new int[] {1, size, size, classes}));
      IntraMix.Mixed m = IntraMix.applyWithBoxes(tf, x, t, tf.constant(new float[] {theta}),
          tf.reshape(tf.constant(box), tf.constant(new int[] {1, 4})),
          tf.constant(new float[] {betaPrime}));
      return Fetch.run(s, Map.of(), List.of(m.images(), m.targets()));
    }
  }

  @Test
  void ninetyDegrees_mixesOutsideTheBoxOnly() {
    // Box (0, 0, 1, 3) keeps the top row; elsewhere x' = 0.25 x + 0.75 R(x).
    float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    // Two classes; pixel 4 (the centre) unannotated.
    float[] targets = {1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1};
    float[] rImage = rot90(image, 1);
    float[] rTargets = rot90(targets, 2);
    float[] expectedImage = new float[9];
    float[] expectedTargets = new float[18];
    for (int p = 0; p < 9; p++) {
      boolean kept = p < 3;
      expectedImage[p] = kept ? image[p] : 0.25f * image[p] + 0.75f * rImage[p];
      for (int ch = 0; ch < 2; ch++) {
        int i = p * 2 + ch;
        expectedTargets[i] = kept ? targets[i] : 0.25f * targets[i] + 0.75f * rTargets[i];
      }
    }
    List<float[]> out = mix(image, targets, 2, (float) (Math.PI / 2),
        new float[] {0, 0, 1, 3}, 0.25f);
    assertArrayEquals(expectedImage, out.get(0), 1e-5f);
    assertArrayEquals(expectedTargets, out.get(1), 1e-6f);
    // The centre is unannotated in x and in R(x): its weight stays 0.
    assertEquals(0f, out.get(1)[8] + out.get(1)[9]);
  }

  @Test
  void boxCoveringTheSlice_leavesItUnchanged() {
    float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] targets = {1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0};
    List<float[]> out = mix(image, targets, 2, 1.0f, new float[] {0, 0, 3, 3}, 0.3f);
    assertArrayEquals(image, out.get(0));
    assertArrayEquals(targets, out.get(1));
  }

  @Test
  void pixelsRotatedInFromOutside_carryNoTargetMass() {
    // 5 x 5 slice, every pixel image 1 and annotated class 0; empty box, so x' = b' x +
    // (1 - b') R(x). At 45 degrees the corner (x, y) = (0, 0) samples the input at
    // (2, 2 - 4 / sqrt(2)) = (2, -0.83): nearest rounds to row -1, outside, so R(t) there is
    // all-zero and the mixed mass is b' * 1 + (1 - b') * 0 = 0.5; bilinear reads row 0 with
    // weight 0.17 and row -1 (fill 0) with 0.83, so the image is 0.5 + 0.5 * 0.172 = 0.586.
    // The centre maps to itself and keeps mass 1.
    int s = 5;
    float[] ones = new float[s * s];
    Arrays.fill(ones, 1f);
    List<float[]> out = mix(s, ones, ones, 1, (float) (Math.PI / 4),
        new float[] {0, 0, 0, 0}, 0.5f);
    float fy = (float) (2 - 4 / Math.sqrt(2) + 1);
    for (int corner : new int[] {0, s - 1, s * (s - 1), s * s - 1}) {
      assertEquals(0.5f, out.get(1)[corner], "target mass at corner " + corner);
      assertEquals(0.5f + 0.5f * fy, out.get(0)[corner], 1e-5f, "image at corner " + corner);
    }
    assertEquals(1f, out.get(1)[12]);
  }
}
