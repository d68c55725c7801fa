package org.medcl.tools.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medcl.data.Geometry;
import org.medcl.data.Volume;

class VolumePredictorTest {

  /** Two classes: class 1 where the z-scored intensity is positive. Output [n, h, w, 2]. */
  private static final SliceInference THRESHOLD = (images, n, h, w) -> {
    float[] p = new float[n * h * w * 2];
    for (int i = 0; i < n * h * w; i++) {
      float fg = images[i] > 0 ? 0.9f : 0.1f;
      p[2 * i] = 1 - fg;
      p[2 * i + 1] = fg;
    }
    return p;
  };

  /** A 40 x 30 x 3 volume whose right half (x >= 20) is bright. */
  private static Volume halves(double spacing) {
    int nx = 40;
    int ny = 30;
    int nz = 3;
    float[] d = new float[nx * ny * nz];
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          d[(z * ny + y) * nx + x] = x >= 20 ? 100f : 10f;
        }
      }
    }
    return Volume.builder().dims(nx, ny, nz, 1).data(d)
        .geometry(Geometry.ofSpacing(spacing, spacing, 5.0)).build();
  }

  private static int expected(int x) {
    return x >= 20 ? 1 : 0;
  }

  @Test
  void nativeSpacing_isExact() {
    Volume v = halves(0.75);
    VolumePredictor.Prediction p = new VolumePredictor(THRESHOLD, 2, null, 2, false).predict(v);
    for (int i = 0; i < p.labels().length; i++) {
      assertEquals(expected(i % 40), p.labels()[i], "voxel " + i);
    }
  }

  @Test
  void resampledAndBack_keepsTheFullExtentAndTheBoundary() {
    // 0.75 mm resampled to 1.5 mm: 20 x 15 network slices, probabilities brought back to 40 x 30.
    Volume v = halves(0.75);
    VolumePredictor.Prediction p = new VolumePredictor(THRESHOLD, 2, 1.5, 4, false).predict(v);
    assertEquals(40, p.nx());
    assertEquals(30, p.ny());
    assertEquals(3, p.nz());
    int wrong = 0;
    for (int i = 0; i < p.labels().length; i++) {
      int x = i % 40;
      if (p.labels()[i] != expected(x)) {
        wrong++;
        // Only the columns next to the boundary may differ after two resamplings.
        assertTrue(x >= 18 && x <= 21, "wrong label far from the boundary at x=" + x);
      }
    }
    assertTrue(wrong <= 2 * 30 * 3, "wrong=" + wrong);
  }

  @Test
  void flipTta_ofAFlipInvariantNetwork_changesNothing() {
    Volume v = halves(0.75);
    VolumePredictor.Prediction plain =
        new VolumePredictor(THRESHOLD, 2, null, 3, false).predict(v);
    VolumePredictor.Prediction tta = new VolumePredictor(THRESHOLD, 2, null, 3, true).predict(v);
    assertArrayEquals(plain.labels(), tta.labels());
    assertArrayEquals(plain.probabilities(), tta.probabilities(), 1e-6f);
  }

  @Test
  void flip_isItsOwnInverse() {
    float[] d = new float[2 * 3 * 4 * 2];
    for (int i = 0; i < d.length; i++) {
      d[i] = i;
    }
    for (int mode = 1; mode <= 2; mode++) {
      float[] once = VolumePredictor.flip(d, 2, 3, 4, 2, mode);
      assertArrayEquals(d, VolumePredictor.flip(once, 2, 3, 4, 2, mode));
    }
    // Left-right: pixel (0, 0) of image 0 takes pixel (0, 3), channels kept: values 6 and 7.
    float[] lr = VolumePredictor.flip(d, 2, 3, 4, 2, 1);
    assertEquals(6f, lr[0]);
    assertEquals(7f, lr[1]);
  }
}
