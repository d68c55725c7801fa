package org.medcl.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcl.data.Geometry;
import org.medcl.data.TestVolumes;
import org.medcl.data.Volume;
import org.medcl.data.dataset.CaseRef;
import org.medcl.data.dataset.DatasetDescriptor;
import org.medcl.data.dataset.LabelKind;
import org.medcl.data.dataset.LabeledCase;

class PasteBackTest {
  private static int[] labelsAsInts(Slice2D s) {
    int[] out = new int[s.height() * s.width()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Byte.toUnsignedInt(s.labels()[i]);
    }
    return out;
  }

  private static Volume labelVolume(int nx, int ny, int nz) {
    float[] d = new float[nx * ny * nz];
    for (int i = 0; i < d.length; i++) {
      d[i] = (i * 7) % 4;
    }
    return Volume.builder().dims(nx, ny, nz).data(d).geometry(TestVolumes.oblique()).build();
  }

  private static PreparedCase cut(Volume label, SliceConfig cfg) {
    Volume img = TestVolumes.coded(label.nx(), label.ny(), label.nz(), 1, label.geometry());
    CaseRef ref = new CaseRef("c", List.of(Path.of("c.nii")), Path.of("l.nii"),
        LabelKind.MANUAL);
    return new Slicer(cfg).slices(new LabeledCase(ref, img, label), DatasetDescriptor.mscmr());
  }

  @Test
  void paddedSlices_pasteBackExactly() {
    Volume lab = labelVolume(3, 5, 2);
    PreparedCase p = cut(lab, SliceConfig.DEFAULT.withSize(8, 8));
    List<int[]> preds = new ArrayList<>();
    p.slices().forEach(s -> preds.add(labelsAsInts(s)));
    Volume back = p.toSourceVolume(preds, 99);
    assertArrayEquals(lab.copyData(), back.copyData());
    assertEquals(lab.geometry(), back.geometry());
  }

  @Test
  void croppedSlices_pasteBackCoveredVoxelsAndFillTheRest() {
    // 7 x 5 cut to 4 x 4: x keeps 1..4, y keeps 0..3
    Volume lab = labelVolume(7, 5, 1);
    PreparedCase p = cut(lab, SliceConfig.DEFAULT.withSize(4, 4));
    assertArrayEquals(new int[] {1, 2, 0, 1}, p.sliceGeometry().croppedAway());
    int[] plane = PasteBack.toSource(p.sliceGeometry(), labelsAsInts(p.slices().get(0)), 99);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        boolean covered = x >= 1 && x <= 4 && y <= 3;
        float expected = covered ? lab.get(x, y, 0) : 99;
        assertEquals(expected, plane[y * 7 + x], "voxel " + x + "," + y);
      }
    }
  }

  @Test
  void resampledGrid_mapsBackByNearestNeighbour() {
    // 4 x 2 grid at 0.5 mm -> 2 x 1 at 1 mm; each grid pixel returns as a 2 x 2 block
    SliceGeometry g = SliceGeometry.centred(4, 2, 2, 1, 1, 2);
    int[] plane = PasteBack.toSource(g, new int[] {5, 6}, 0);
    assertArrayEquals(new int[] {5, 5, 6, 6, 5, 5, 6, 6}, plane);
  }

  @Test
  void fromSlices_buildsVolumeInReferenceGeometry() {
    Volume ref = TestVolumes.coded(2, 3, 2, 1, TestVolumes.oblique());
    // slice z is [ny][nx]: value at (x, y) = 10 z + 2 y + x
    List<int[]> slices = List.of(new int[] {0, 1, 2, 3, 4, 5}, new int[] {10, 11, 12, 13, 14,
        15});
    Volume v = PasteBack.fromSlices(slices, ref);
    assertEquals(13, v.get(1, 1, 1));
    assertEquals(ref.geometry(), v.geometry());
    assertEquals("2 x 3 x 2", v.shapeString());
  }

  @Test
  void fromSlices_withWrongCount_isRejected() {
    Volume ref = TestVolumes.coded(2, 3, 2, 1, Geometry.ofSpacing(1, 1, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PasteBack.fromSlices(List.of(new int[6]), ref));
    assertEquals("1 slices, expected 2 (nz of <in memory>)", e.getMessage());
  }

  @Test
  void predictionOfWrongSize_isRejected() {
    SliceGeometry g = SliceGeometry.centred(4, 4, 2, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PasteBack.toSource(g, new int[3], 0));
    assertEquals("prediction has 3 values, expected 2 x 2", e.getMessage());
  }
}
