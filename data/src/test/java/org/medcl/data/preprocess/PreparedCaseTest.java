package org.medcl.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcl.data.Geometry;
import org.medcl.data.TestVolumes;

class PreparedCaseTest {
  @Test
  void toSourceVolume_needsOnePredictionPerZ() {
    PreparedCase p = new Slicer().fullExtent("c",
        TestVolumes.coded(3, 3, 2, 1, Geometry.ofSpacing(1, 1, 1)), 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.toSourceVolume(List.of(new int[9]), 0));
    assertEquals("1 predictions, expected 2 for c", e.getMessage());
  }

  @Test
  void fullExtentPredictions_returnToTheSourceGrid() {
    PreparedCase p = new Slicer().fullExtent("c",
        TestVolumes.coded(3, 2, 1, 1, Geometry.ofSpacing(1, 1, 1)), 4);
    // 3 x 2 padded to 4 x 4: offsets x -0, y -1; prediction = 10 * row + col
    int[] pred = new int[16];
    for (int i = 0; i < 16; i++) {
      pred[i] = 10 * (i / 4) + i % 4;
    }
    var v = p.toSourceVolume(List.of(pred), -1);
    // voxel (x, y) sits at slice (row y + 1, col x)
    assertEquals(10 * 2 + 2, v.get(2, 1, 0));
    assertEquals(10, v.get(0, 0, 0));
  }
}
