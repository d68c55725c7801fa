package org.medcl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VolumeTest {
  @Test
  void flatIndex_isXFastestThenYZChannel() {
    Volume v = TestVolumes.coded(3, 4, 2, 2, Geometry.ofSpacing(1, 1, 1));
    assertEquals(1000 + 100 + 30 + 2, v.get(2, 3, 1, 1));
    // index = ((c * nz + z) * ny + y) * nx + x = ((1*2+1)*4+3)*3+2 = 47
    assertEquals(47, v.index(2, 3, 1, 1));
    assertEquals(v.get(2, 3, 1, 1), v.get(47));
    assertEquals(24, v.voxelCount());
    assertEquals(48, v.size());
  }

  @Test
  void minAndMax_spanAllChannels() {
    Volume v = TestVolumes.coded(3, 4, 2, 2, Geometry.ofSpacing(1, 1, 1));
    assertEquals(0, v.min());
    assertEquals(1000 + 100 + 30 + 2, v.max());
  }

  @Test
  void data_isCopiedOnTheWayIn() {
    float[] d = {1, 2, 3, 4};
    Volume v = Volume.builder().dims(2, 2, 1).data(d).geometry(Geometry.ofSpacing(1, 1, 1))
        .build();
    d[0] = 99;
    assertEquals(1, v.get(0));
    float[] copy = v.copyData();
    copy[1] = 99;
    assertEquals(2, v.get(1));
  }

  @Test
  void wrongDataLength_isRejectedWithBothCounts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Volume.builder().dims(2, 2, 2).data(new float[7])
            .geometry(Geometry.ofSpacing(1, 1, 1)).build());
    assertEquals("data has 7 values, expected 8 for 2 x 2 x 2 x 1", e.getMessage());
  }

  @Test
  void zeroDimension_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Volume.builder().dims(2, 0, 2));
    assertEquals("dims 2 x 0 x 2 x 1, expected all >= 1", e.getMessage());
  }

  @Test
  void spacingAndAffine_comeFromGeometry() {
    Volume v = TestVolumes.coded(2, 2, 2, 1, Geometry.ofSpacing(0.5, 0.7, 5));
    assertArrayEquals(new double[] {0.5, 0.7, 5}, v.spacing(), 1e-12);
    assertEquals(-0.5, v.affine()[0][0], 1e-12);
    assertEquals("<in memory>", v.sourceName());
  }
}
