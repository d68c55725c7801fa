package org.medcl.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.medcl.data.TestVolumes;
import org.medcl.data.Volume;

class ResamplerTest {
  @Test
  void targetSize_roundsTheExtent() {
    // 480 voxels of 0.7291 mm = 349.97 mm -> 350 voxels of 1 mm
    assertEquals(350, Resampler.targetSize(480, 0.7291, 1.0));
    assertEquals(1, Resampler.targetSize(1, 0.1, 5));
  }

  @Test
  void linearUpsampling_byTwo_matchesEdgeAlignedCentres() {
    // new centres at old index (j + .5) / 2 - .5 = -.25, .25, .75, 1.25 -> clamped 0 .. 1
    float[] dst = new float[4];
    Resampler.resizePlane(new float[] {0, 1}, 2, 1, dst, 4, 1, Interpolation.LINEAR);
    assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, dst, 1e-6f);
  }

  @Test
  void linearDownsampling_byTwo_averagesPairs() {
    // centres at old index .5 and 2.5
    float[] dst = new float[2];
    Resampler.resizePlane(new float[] {0, 1, 2, 3}, 4, 1, dst, 2, 1, Interpolation.LINEAR);
    assertArrayEquals(new float[] {0.5f, 2.5f}, dst, 1e-6f);
  }

  @Test
  void nearest_picksRoundedCentres() {
    // 4 -> 2: u = .5, 2.5 -> floor(u + .5) = 1, 3; 2 -> 4: u = -.25 .. 1.25 -> 0, 0, 1, 1
    assertArrayEquals(new int[] {1, 3}, Resampler.nearestIndex(4, 2));
    assertArrayEquals(new int[] {0, 0, 1, 1}, Resampler.nearestIndex(2, 4));
    assertArrayEquals(new int[] {7, 7, 9, 9},
        Resampler.resizeNearest(new int[] {7, 9}, 2, 1, 4, 1));
  }

  @Test
  void bilinearInTwoDimensions_blendsFourNeighbours() {
    // 2 x 2 -> 3 x 3: centre at old (0.5, 0.5) averages all four
    float[] dst = new float[9];
    Resampler.resizePlane(new float[] {0, 2, 4, 6}, 2, 2, dst, 3, 3, Interpolation.LINEAR);
    assertEquals(3, dst[4], 1e-6);
    assertEquals(0, dst[0], 1e-6);
    assertEquals(6, dst[8], 1e-6);
  }

  @Test
  void volumeResize_scalesSpacingAndKeepsZ() {
    Volume v = TestVolumes.of(4, 2, 2, new double[] {0.5, 0.5, 5},
        0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17);
    Volume r = Resampler.resizeInPlane(v, 2, 1, Interpolation.NEAREST);
    assertEquals("2 x 1 x 2", r.shapeString());
    assertArrayEquals(new double[] {1.0, 1.0, 5}, r.spacing(), 1e-12);
    // x: 4 -> 2 picks 1, 3; y: 2 -> 1 picks floor(0.5 + 0.5) = 1
    assertArrayEquals(new float[] {5, 7, 15, 17}, r.copyData());
  }

  @Test
  void zeroSize_isRejected() {
    Volume v = TestVolumes.filled(2, 2, 1, new double[] {1, 1, 1}, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Resampler.resizeInPlane(v, 0, 2, Interpolation.LINEAR));
    assertEquals("new size 0 x 2, expected >= 1 x 1", e.getMessage());
  }
}
