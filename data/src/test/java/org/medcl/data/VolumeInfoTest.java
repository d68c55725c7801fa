package org.medcl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.dataset.DatasetException;
import org.medcl.data.nifti.NiftiDatatype;
import org.medcl.data.nifti.NiftiException;
import org.medcl.data.nifti.NiftiWriter;

class VolumeInfoTest {
  @TempDir
  Path dir;

  @Test
  void labelFile_showsShapeSpacingAffineRangeAndCounts() throws Exception {
    // 3 x 2 x 1 labels {0, 0, 1, 1, 1, 4}; base affine diag(-0.5, 0.5, 5) with voxel
    // ((3 - 1) / 2, (2 - 1) / 2, 0) at the origin: x offset -1 * -0.5 = 0.5
    Volume v = TestVolumes.of(3, 2, 1, new double[] {0.5, 0.5, 5}, 0, 0, 1, 1, 1, 4);
    Path f = dir.resolve("l.nii.gz");
    NiftiWriter.write(v, f, NiftiWriter.Options.of(NiftiDatatype.UINT8));
    String text = VolumeInfo.describe(f);
    assertTrue(text.contains("format: NIfTI-1, little-endian\n"), text);
    assertTrue(text.contains("shape: 3 x 2 x 1 (x, y, z)\n"), text);
    assertTrue(text.contains("spacing: 0.5000 x 0.5000 x 5.0000 mm\n"), text);
    assertTrue(text.contains("datatype: uint8, scl_slope 1, scl_inter 0\n"), text);
    assertTrue(text.contains("affine from pixdim:\n"
        + "  [   -0.5000     0.0000     0.0000     0.5000]"), text);
    assertTrue(text.contains("value range: 0 .. 4\n"), text);
    assertTrue(text.contains("label counts: 0: 2, 1: 3, 4: 1\n"), text);
  }

  @Test
  void imageWithManyValues_hasNoLabelCounts() throws Exception {
    Volume v = TestVolumes.coded(9, 9, 1, 1, Geometry.ofSpacing(1, 1, 1));
    Path f = dir.resolve("i.nii");
    NiftiWriter.write(v, f, NiftiWriter.Options.of(NiftiDatatype.INT16));
    String text = VolumeInfo.describe(f);
    assertTrue(text.contains("label counts: none (not a label volume"), text);
    assertTrue(text.contains("value range: 0 .. 88\n"), text);
  }

  @Test
  void sharedMscmrFolder_listsLayoutSplitsAndCases() throws Exception {
    String text = VolumeInfo.describe(RealData.root());
    assertTrue(text.contains("layout: MSCMR\n"), text);
    assertTrue(text.contains("split train: 25 cases\n"), text);
    assertTrue(text.contains("split val: 5 cases\n"), text);
    assertTrue(text.contains("  subject26  image=subject26_DE.nii.gz  label="
        + "subject26_DE_scribble.nii.gz (SCRIBBLE)  480 x 480 x 10"), text);
    assertEquals(1 + 1 + 1 + 2 + 30, text.split("\n").length, text);
  }

  @Test
  void missingFile_isNamed() {
    Path f = dir.resolve("x.nii.gz");
    NiftiException e = assertThrows(NiftiException.class, () -> VolumeInfo.describe(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void folderOfNoLayout_isNamed() {
    DatasetException e = assertThrows(DatasetException.class, () -> VolumeInfo.describe(dir));
    assertTrue(e.getMessage().startsWith(dir + ": matches no known layout"), e.getMessage());
  }
}
