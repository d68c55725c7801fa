package org.medcl.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.Geometry;
import org.medcl.data.TestVolumes;
import org.medcl.data.Volume;
import org.medcl.data.dataset.CaseRef;
import org.medcl.data.dataset.Dataset;
import org.medcl.data.dataset.DatasetDescriptor;
import org.medcl.data.dataset.Datasets;
import org.medcl.data.dataset.LabelKind;
import org.medcl.data.dataset.LabeledCase;
import org.medcl.data.nifti.NiftiDatatype;
import org.medcl.data.nifti.NiftiException;
import org.medcl.data.nifti.NiftiWriter;

class SlicerTest {
  private static final CaseRef REF = new CaseRef("c", List.of(Path.of("c.nii")),
      Path.of("l.nii"), LabelKind.SCRIBBLE);

  /** Mean 67.5 and variance 2627.9167 of 100 z + 10 y + x over a 6 x 4 x 2 grid. */
  private static float score(double v) {
    // independent uniform axes: var = 100^2 var(z) + 10^2 var(y) + var(x)
    double var = 10000 * 0.25 + 100 * 1.25 + 35.0 / 12;
    return (float) ((v - 67.5) / Math.sqrt(var));
  }

  private static Volume labels(int nx, int ny, int nz, int... cycle) {
    float[] d = new float[nx * ny * nz];
    for (int i = 0; i < d.length; i++) {
      d[i] = cycle[i % cycle.length];
    }
    return Volume.builder().dims(nx, ny, nz).data(d).geometry(Geometry.ofSpacing(1, 1, 1))
        .build();
  }

  @Test
  void centreCrop_rowsAreYColumnsAreX_andValuesAreZScored() {
    Volume img = TestVolumes.coded(6, 4, 2, 1, Geometry.ofSpacing(1, 1, 1));
    Slicer s = new Slicer(SliceConfig.DEFAULT.withSize(2, 4));
    PreparedCase p = s.slices(new LabeledCase(REF, img, labels(6, 4, 2, 0, 1, 2, 3, 4)),
        DatasetDescriptor.mscmr());
    assertEquals(2, p.slices().size());
    Slice2D z1 = p.slices().get(1);
    assertEquals(1, z1.z());
    // offsets x (6 - 4) / 2 = 1, y (4 - 2) / 2 = 1: pixel (r, c) is voxel (c + 1, r + 1)
    assertEquals(score(100 + 10 + 1), z1.pixel(0, 0, 0), 1e-6);
    assertEquals(score(100 + 20 + 4), z1.pixel(1, 3, 0), 1e-6);
    // label flat index of voxel (4, 2, 1) is 4 + 6 * 2 + 24 = 40; 40 mod 5 = 0
    assertEquals(0, z1.label(1, 3));
    assertEquals(4, p.slices().get(0).label(0, 2), "voxel (3, 1, 0) = 9, 9 mod 5 = 4 kept raw");
  }

  @Test
  void padding_isZeroInImageAndUnannotatedInLabels() {
    Volume img = TestVolumes.of(2, 2, 1, new double[] {1, 1, 1}, 1, 2, 3, 4);
    PreparedCase p = new Slicer(SliceConfig.DEFAULT.withSize(4, 4)).slices(
        new LabeledCase(REF, img, labels(2, 2, 1, 1)), DatasetDescriptor.mscmr());
    Slice2D s = p.slices().get(0);
    assertEquals(0, s.pixel(0, 0, 0));
    assertEquals(4, s.label(0, 0), "padding is MSCMR's unannotated value 4");
    assertEquals(1, s.label(1, 1));
    // voxel (0,0) = 1 scores -1.5 / sqrt(1.25)
    assertEquals(-1.5 / Math.sqrt(1.25), s.pixel(1, 1, 0), 1e-6);
  }

  @Test
  void denseDescriptor_padsLabelsWithBackground() {
    DatasetDescriptor dense = DatasetDescriptor.of("d", 0, DatasetDescriptor.mscmr().classes(),
        null, List.of("x"));
    Volume img = TestVolumes.filled(1, 1, 1, new double[] {1, 1, 1}, 3);
    Slice2D s = new Slicer(SliceConfig.DEFAULT.withSize(3, 3)).slices(
        new LabeledCase(REF, img, labels(1, 1, 1, 2)), dense).slices().get(0);
    assertEquals(0, s.label(0, 0));
    assertEquals(2, s.label(1, 1));
  }

  @Test
  void channels_areInterleavedHwc() {
    Volume img = TestVolumes.coded(2, 2, 1, 2, Geometry.ofSpacing(1, 1, 1));
    DatasetDescriptor two = DatasetDescriptor.of("d", 0, DatasetDescriptor.mscmr().classes(),
        4, List.of("a", "b"));
    Slice2D s = new Slicer(SliceConfig.DEFAULT.withSize(2, 2)).slices(
        new LabeledCase(CaseRef.unlabelled("c", List.of(Path.of("c.nii"))), img, null), two)
        .slices().get(0);
    assertNull(s.labels());
    // channel k of voxel (x, y) = 1000 k + 10 y + x; each channel's mean is 5.5 (+1000)
    assertEquals(s.image()[(1 * 2 + 0) * 2 + 1], s.pixel(1, 0, 1));
    assertEquals(s.pixel(1, 0, 0), s.pixel(1, 0, 1), 1e-6, "channels have equal scores");
    assertTrue(s.pixel(1, 1, 0) > s.pixel(0, 1, 0));
  }

  @Test
  void resampling_halvesAHalfMillimetreGrid() {
    Volume img = TestVolumes.coded(8, 8, 1, 1, Geometry.ofSpacing(0.5, 0.5, 5));
    Slicer s = new Slicer(new SliceConfig(4, 4, 1.0));
    PreparedCase p = s.slices(new LabeledCase(REF, img, labels(8, 8, 1, 0, 1)),
        DatasetDescriptor.mscmr());
    SliceGeometry g = p.sliceGeometry();
    assertTrue(g.resampled());
    assertEquals(4, g.gridNx());
    assertFalse(g.cropsAway());
    // new pixel (r, c) centres at old (2c + .5, 2r + .5): the mean of a 2 x 2 block
    Slice2D sl = p.slices().get(0);
    // source values 10 y + x over 0..7: mean 10 * 3.5 + 3.5, var (100 + 1) * (8^2 - 1) / 12
    double mean = 38.5;
    double var = 101 * 5.25;
    // pixel (r 1, c 2) blends old voxels around (x 4.5, y 2.5): 10 * 2.5 + 4.5
    double block = 29.5;
    assertEquals((block - mean) / Math.sqrt(var), sl.pixel(1, 2, 0), 1e-5);
    // nearest label: old x 2c + .5 rounds to 2c + 1, label cycle 0,1 over x -> 1
    assertEquals(1, sl.label(1, 2));
  }

  @Test
  void fullExtent_coversTheWholeSliceWithoutLabels() {
    Volume img = TestVolumes.coded(5, 3, 2, 1, Geometry.ofSpacing(1, 1, 1));
    PreparedCase p = new Slicer().fullExtent("c", img, 4);
    SliceGeometry g = p.sliceGeometry();
    assertEquals(8, g.width());
    assertEquals(4, g.height());
    assertFalse(g.cropsAway());
    assertEquals(2, p.slices().size());
    assertNull(p.slices().get(0).labels());
  }

  @Test
  void sliceSplit_keepsCaseOrderAndReportsTheFailingFile(@TempDir Path dir) throws Exception {
    for (String id : new String[] {"s1", "s2", "s3"}) {
      Path f = dir.resolve("train/images/" + id + "_DE.nii.gz");
      Files.createDirectories(f.getParent());
      NiftiWriter.write(TestVolumes.coded(3, 3, 2, 1, Geometry.ofSpacing(1, 1, 1)), f,
          NiftiWriter.Options.of(NiftiDatatype.INT16));
    }
    Dataset d = Datasets.open(dir);
    List<PreparedCase> p = new Slicer().sliceSplit(d, "train", 2);
    assertEquals(List.of("s1", "s2", "s3"), p.stream().map(PreparedCase::caseId).toList());
    Path broken = dir.resolve("train/images/s2_DE.nii.gz");
    Files.write(broken, new byte[] {1, 2, 3});
    NiftiException e = assertThrows(NiftiException.class,
        () -> new Slicer().sliceSplit(d, "train", 2));
    assertEquals(broken, e.file());
  }
}
