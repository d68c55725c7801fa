package org.medcl.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SliceGeometryTest {
  @Test
  void mscmrSizedCrop_startsAt134() {
    // (480 - 212) / 2 = 134 on both axes
    SliceGeometry g = SliceGeometry.centred(480, 480, 212, 212);
    assertEquals(134, g.offsetX());
    assertEquals(134, g.offsetY());
    assertArrayEquals(new int[] {134, 134, 134, 134}, g.croppedAway());
    assertTrue(g.cropsAway());
  }

  @Test
  void unevenCrop_reportsEachSide() {
    // x: 10 -> 6 starts at 2, leaves 2 right; y: 7 -> 4 starts at 1, leaves 2 below
    SliceGeometry g = SliceGeometry.centred(10, 7, 4, 6);
    assertArrayEquals(new int[] {2, 2, 1, 2}, g.croppedAway());
  }

  @Test
  void pad_putsTheSmallerHalfBefore() {
    // 5 -> 8: 3 pixels of padding, 1 before and 2 after
    SliceGeometry g = SliceGeometry.centred(5, 5, 8, 8);
    assertEquals(-1, g.offsetX());
    assertFalse(g.cropsAway());
    assertFalse(g.onGrid(0, 0));
    assertTrue(g.onGrid(1, 1));
    assertTrue(g.onGrid(5, 5));
    assertFalse(g.onGrid(6, 6));
  }

  @Test
  void fullExtent_padsToMultipleAndNeverCrops() {
    // 10 -> 12 (offset -1), 7 -> 8 (offset 0)
    SliceGeometry g = SliceGeometry.fullExtent(10, 7, 10, 7, 4);
    assertEquals(12, g.width());
    assertEquals(8, g.height());
    assertEquals(-1, g.offsetX());
    assertEquals(0, g.offsetY());
    assertFalse(g.cropsAway());
    assertFalse(g.resampled());
  }

  @Test
  void zeroSize_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SliceGeometry.centred(5, 5, 0, 8));
    assertTrue(e.getMessage().endsWith("expected all sizes >= 1"), e.getMessage());
  }
}
