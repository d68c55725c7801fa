package org.medcl.ops.mixing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medcl.ops.Fetch;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class RotationTest {

  private static float[] random(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) r.nextDouble();
    }
    return x;
  }

  private static float[] rotate(float[] images, int n, int h, int w, int c, float[] theta,
      Rotation.Interpolation interpolation) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.reshape(tf.constant(images), tf.constant(new int[] {n, h, w, c}));
      return Fetch.run(s, Rotation.apply(tf, x, tf.constant(theta), interpolation));
    }
  }

  /** Reads pixel (y, x, ch) of image b, 0 outside the slice. */
  private static double read(float[] img, int b, int h, int w, int c, int y, int x, int ch) {
    if (y < 0 || y >= h || x < 0 || x >= w) {
      return 0;
    }
    return img[((b * h + y) * w + x) * c + ch];
  }

  /**
   * Plain Java rotation: output (x, y) samples the input at c + R(theta)(p - c), bilinear with
   * missing neighbours as 0, or nearest with rounding half away from zero.
   */
  private static float[] reference(float[] img, int n, int h, int w, int c, double[] theta,
      boolean bilinear) {
    float[] out = new float[img.length];
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    for (int b = 0; b < n; b++) {
      double cos = Math.cos(theta[b]);
      double sin = Math.sin(theta[b]);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double xi = cx + cos * (x - cx) - sin * (y - cy);
          double yi = cy + sin * (x - cx) + cos * (y - cy);
          for (int ch = 0; ch < c; ch++) {
            double v;
            if (bilinear) {
              int x0 = (int) Math.floor(xi);
              int y0 = (int) Math.floor(yi);
              double fx = xi - x0;
              double fy = yi - y0;
              v = (1 - fy) * ((1 - fx) * read(img, b, h, w, c, y0, x0, ch)
                  + fx * read(img, b, h, w, c, y0, x0 + 1, ch))
                  + fy * ((1 - fx) * read(img, b, h, w, c, y0 + 1, x0, ch)
                  + fx * read(img, b, h, w, c, y0 + 1, x0 + 1, ch));
            } else {
              int xr = (int) (Math.signum(xi) * Math.floor(Math.abs(xi) + 0.5));
              int yr = (int) (Math.signum(yi) * Math.floor(Math.abs(yi) + 0.5));
              v = read(img, b, h, w, c, yr, xr, ch);
            }
            out[((b * h + y) * w + x) * c + ch] = (float) v;
          }
        }
      }
    }
    return out;
  }

  @Test
  void ninetyDegrees_onSquareSlice_isTransposeOfTheColumnFlip() {
    // out[y][x] = in[x][s - 1 - y]: the content turns counter-clockwise as displayed.
    int s = 5;
    int c = 2;
    float[] img = random(s * s * c, 1);
    float[] expected = new float[img.length];
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        for (int ch = 0; ch < c; ch++) {
          expected[(y * s + x) * c + ch] = img[(x * s + (s - 1 - y)) * c + ch];
        }
      }
    }
    float[] theta = {(float) (Math.PI / 2)};
    assertArrayEquals(expected, rotate(img, 1, s, s, c, theta,
        Rotation.Interpolation.NEAREST));
    // float32 cos(pi/2) is -4.4e-8, so bilinear samples are off-grid by about 1e-7 pixels.
    assertArrayEquals(expected, rotate(img, 1, s, s, c, theta,
        Rotation.Interpolation.BILINEAR), 1e-5f);
  }

  @Test
  void zeroAngle_isIdentity() {
    float[] img = random(2 * 4 * 6, 2);
    assertArrayEquals(img, rotate(img, 2, 4, 6, 1, new float[] {0f, 0f},
        Rotation.Interpolation.BILINEAR), 1e-6f);
  }

  @Test
  void fortyFiveDegreesBilinear_matchesJavaReference() {
    // Non-square slices and two images with different angles, 2 channels.
    int n = 2;
    int h = 6;
    int w = 8;
    int c = 2;
    float[] img = random(n * h * w * c, 3);
    double[] theta = {Math.PI / 4, -1.0};
    float[] got = rotate(img, n, h, w, c, new float[] {(float) theta[0], (float) theta[1]},
        Rotation.Interpolation.BILINEAR);
    assertArrayEquals(reference(img, n, h, w, c, theta, true), got, 1e-4f);
  }

  @Test
  void fortyFiveDegreesNearest_matchesJavaReference() {
    // On a 9 x 9 slice the sampled coordinates at 45 degrees are 4 + k / sqrt(2), at least
    // 0.035 from a rounding tie, so float32 and double agree exactly.
    int s = 9;
    float[] img = random(s * s, 4);
    double[] theta = {Math.PI / 4};
    float[] got = rotate(img, 1, s, s, 1, new float[] {(float) theta[0]},
        Rotation.Interpolation.NEAREST);
    assertArrayEquals(reference(img, 1, s, s, 1, theta, false), got);
  }

  @Test
  void pixelsBroughtInFromOutside_areZero() {
    // 45 degrees on a 5 x 5 slice of ones: corner (0, 0) samples y = 2 - 4 / sqrt(2) = -0.83,
    // which rounds to -1, outside; the centre stays 1.
    float[] ones = new float[25];
    Arrays.fill(ones, 1f);
    float[] got = rotate(ones, 1, 5, 5, 1, new float[] {(float) (Math.PI / 4)},
        Rotation.Interpolation.NEAREST);
    assertEquals(0f, got[0]);
    assertEquals(1f, got[12]);
  }

  @Test
  void imagesOfUnknownSize_areRejected() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Rotation.apply(tf, tf.constant(new float[] {1, 2}), tf.constant(new float[] {0}),
              Rotation.Interpolation.BILINEAR));
      assertEquals("expected images [n, h, w, c] with static h and w, found shape [2]",
          e.getMessage());
    }
  }
}
