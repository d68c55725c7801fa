package org.medcl.data.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.Geometry;
import org.medcl.data.RealData;
import org.medcl.data.TestVolumes;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiDatatype;
import org.medcl.data.nifti.NiftiWriter;

class CaseLoaderTest {
  @TempDir
  Path dir;

  private CaseRef scribbled(Path image, Path label) {
    return new CaseRef("s", List.of(image), label, LabelKind.SCRIBBLE);
  }

  @Test
  void matchingCase_loadsImageAndLabel() throws Exception {
    Path img = Layouts.image(dir.resolve("a_DE.nii.gz"));
    Path lab = Layouts.label(dir.resolve("a_lab.nii.gz"), 0, 1, 2, 3, 4);
    LabeledCase c = CaseLoader.load(scribbled(img, lab), DatasetDescriptor.mscmr());
    assertTrue(c.hasLabel());
    assertEquals(4, c.label().get(4));
    assertEquals(123, c.image().get(3, 2, 1));
  }

  @Test
  void unlabelledCase_hasNoLabel() throws Exception {
    Path img = Layouts.image(dir.resolve("a_DE.nii.gz"));
    LabeledCase c = CaseLoader.load(CaseRef.unlabelled("a", List.of(img)),
        DatasetDescriptor.mscmr());
    assertFalse(c.hasLabel());
  }

  @Test
  void labelOfOtherShape_isNamed() throws Exception {
    Path img = Layouts.image(dir.resolve("a_DE.nii.gz"));
    Path lab = dir.resolve("lab.nii.gz");
    NiftiWriter.write(TestVolumes.filled(4, 3, 3, new double[] {0.75, 0.75, 5}, 0), lab,
        NiftiWriter.Options.of(NiftiDatatype.UINT8));
    DatasetException e = assertThrows(DatasetException.class,
        () -> CaseLoader.load(scribbled(img, lab), DatasetDescriptor.mscmr()));
    assertEquals(lab + ": shape 4 x 3 x 3, expected 4 x 3 x 2 as the image " + img,
        e.getMessage());
  }

  @Test
  void spacingBeyondTolerance_isNamed() throws Exception {
    Path img = Layouts.image(dir.resolve("a_DE.nii.gz"));
    Path lab = dir.resolve("lab.nii.gz");
    // 0.75 + 0.002 is beyond the 1e-3 mm tolerance
    NiftiWriter.write(TestVolumes.filled(4, 3, 2, new double[] {0.752, 0.75, 5}, 0), lab,
        NiftiWriter.Options.of(NiftiDatatype.UINT8));
    DatasetException e = assertThrows(DatasetException.class,
        () -> CaseLoader.load(scribbled(img, lab), DatasetDescriptor.mscmr()));
    assertTrue(e.getMessage().startsWith(lab + ": spacing [0.75"), e.getMessage());
    assertTrue(e.getMessage().contains("(tolerance 0.001 mm)"), e.getMessage());
  }

  @Test
  void spacingWithinTolerance_isAccepted() throws Exception {
    Path img = Layouts.image(dir.resolve("a_DE.nii.gz"));
    Path lab = dir.resolve("lab.nii.gz");
    NiftiWriter.write(TestVolumes.filled(4, 3, 2, new double[] {0.7505, 0.75, 5}, 0), lab,
        NiftiWriter.Options.of(NiftiDatatype.UINT8));
    assertTrue(CaseLoader.load(scribbled(img, lab), DatasetDescriptor.mscmr()).hasLabel());
  }

  @Test
  void labelValuesOutsideDescriptor_areListedWithCounts() throws Exception {
    Path img = Layouts.image(dir.resolve("a_DE.nii.gz"));
    // 24 voxels cycling 0, 5, 9, 1: 6 voxels each of 5 and 9
    Path lab = Layouts.label(dir.resolve("lab.nii.gz"), 0, 5, 9, 1);
    DatasetException e = assertThrows(DatasetException.class,
        () -> CaseLoader.load(scribbled(img, lab), DatasetDescriptor.mscmr()));
    assertEquals(lab + ": label values 5 (6 voxels), 9 (6 voxels) are not in the descriptor, "
        + "expected only [0, 1, 2, 3, 4] (" + DatasetDescriptor.mscmr() + ")", e.getMessage());
  }

  @Test
  void fractionalLabelValue_isRejected() throws Exception {
    Path img = Layouts.image(dir.resolve("a_DE.nii.gz"));
    Path lab = dir.resolve("lab.nii.gz");
    NiftiWriter.write(TestVolumes.filled(4, 3, 2, new double[] {0.75, 0.75, 5}, 1.5f), lab,
        NiftiWriter.Options.of(NiftiDatatype.FLOAT32));
    DatasetException e = assertThrows(DatasetException.class,
        () -> CaseLoader.load(scribbled(img, lab), DatasetDescriptor.mscmr()));
    assertTrue(e.getMessage().contains("label values 1.5 (24 voxels)"), e.getMessage());
  }

  @Test
  void channelCountOtherThanDescriptor_isNamed() throws Exception {
    Path img = dir.resolve("two.nii.gz");
    NiftiWriter.write(TestVolumes.coded(4, 3, 2, 2, Layouts.GEOMETRY), img,
        NiftiWriter.Options.of(NiftiDatatype.INT16));
    DatasetException e = assertThrows(DatasetException.class,
        () -> CaseLoader.load(CaseRef.unlabelled("t", List.of(img)), DatasetDescriptor.mscmr()));
    assertEquals(img + ": image has 2 channels, expected 1 [LGE] as the descriptor says",
        e.getMessage());
  }

  @Test
  void channelFilesOfDifferentShape_areNamed() throws Exception {
    Path c0 = Layouts.image(dir.resolve("x_0000.nii.gz"));
    Path c1 = dir.resolve("x_0001.nii.gz");
    NiftiWriter.write(TestVolumes.coded(3, 3, 2, 1, Geometry.ofSpacing(0.75, 0.75, 5)), c1,
        NiftiWriter.Options.of(NiftiDatatype.INT16));
    DatasetDescriptor two = DatasetDescriptor.of("two", 0, DatasetDescriptor.mscmr().classes(),
        4, List.of("a", "b"));
    DatasetException e = assertThrows(DatasetException.class,
        () -> CaseLoader.load(CaseRef.unlabelled("x", List.of(c0, c1)), two));
    assertEquals(c1 + ": shape 3 x 3 x 2, expected 4 x 3 x 2 as channel 0 x_0000.nii.gz",
        e.getMessage());
  }

  @Test
  void everySharedMscmrCase_loadsWithHeaderShapesAndExpectedLabelSets() throws Exception {
    MscmrDataset d = MscmrDataset.open(RealData.root());
    for (String split : List.of("train", "val")) {
      for (CaseRef ref : d.cases(split)) {
        LabeledCase c = d.load(ref);
        // shape and spacing against an independent decode of the image header
        ByteBuffer h = RealData.le(headerBytes(ref.images().get(0)));
        Volume img = c.image();
        assertArrayEquals(new int[] {h.getShort(42), h.getShort(44), h.getShort(46)},
            new int[] {img.nx(), img.ny(), img.nz()}, ref.id());
        assertArrayEquals(new double[] {h.getFloat(80), h.getFloat(84), h.getFloat(88)},
            img.spacing(), 0, ref.id());
        Set<Integer> values = new TreeSet<>();
        for (int i = 0; i < c.label().size(); i++) {
          values.add((int) c.label().get(i));
        }
        Set<Integer> expected = ref.kind() == LabelKind.SCRIBBLE ? Set.of(0, 1, 2, 3, 4)
            : Set.of(0, 1, 2, 3);
        assertEquals(expected, values, ref.id() + " " + ref.kind());
      }
    }
  }

  private static byte[] headerBytes(Path gz) throws Exception {
    try (var in = new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(gz))) {
      return in.readNBytes(352);
    }
  }
}
