package org.medcl.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.RealData;

class MscmrDatasetTest {
  @TempDir
  Path dir;

  @Test
  void casesPair_bySubjectId_inNaturalOrder() throws Exception {
    MscmrDataset d = MscmrDataset.open(Layouts.mscmr(dir));
    assertEquals(List.of("train", "val"), d.splits());
    List<CaseRef> train = d.cases("train");
    assertEquals(List.of("subject2", "subject10"),
        train.stream().map(CaseRef::id).collect(Collectors.toList()));
    assertEquals(LabelKind.SCRIBBLE, train.get(0).kind());
    assertEquals(dir.resolve("train/labels/subject2_DE_scribble.nii.gz"), train.get(0).label());
    CaseRef val = d.cases("val").get(0);
    assertEquals(LabelKind.MANUAL, val.kind());
    assertEquals(List.of(dir.resolve("val/images/subject1_DE.nii.gz")), val.images());
    assertEquals(DatasetDescriptor.mscmr(), d.descriptor());
  }

  @Test
  void imageWithoutLabel_isNamed() throws Exception {
    Layouts.mscmr(dir);
    Path orphan = Layouts.image(dir.resolve("train/images/subject5_DE.nii.gz"));
    DatasetException e = assertThrows(DatasetException.class, () -> MscmrDataset.open(dir));
    assertEquals(orphan + ": image has no label, expected "
        + dir.resolve("train/labels/subject5_DE_scribble.nii.gz")
        + " or subject5_DE_manual.nii.gz", e.getMessage());
  }

  @Test
  void labelWithoutImage_isNamed() throws Exception {
    Layouts.mscmr(dir);
    Path orphan = Layouts.label(dir.resolve("val/labels/subject7_DE_manual.nii.gz"), 0);
    DatasetException e = assertThrows(DatasetException.class, () -> MscmrDataset.open(dir));
    assertEquals(orphan + ": label has no image, expected "
        + dir.resolve("val/images/subject7_DE.nii.gz"), e.getMessage());
  }

  @Test
  void badlyNamedLabel_isNamed() throws Exception {
    Layouts.mscmr(dir);
    Path odd = Layouts.label(dir.resolve("val/labels/subject1_seg.nii.gz"), 0);
    DatasetException e = assertThrows(DatasetException.class, () -> MscmrDataset.open(dir));
    assertEquals(odd + ": label name ends in neither _DE_scribble.nii.gz nor _DE_manual.nii.gz,"
        + " expected <id>_DE_scribble.nii.gz or <id>_DE_manual.nii.gz", e.getMessage());
  }

  @Test
  void splitWithoutLabelsFolder_isUnlabelled() throws Exception {
    Layouts.image(dir.resolve("test/images/subject3_DE.nii.gz"));
    CaseRef c = MscmrDataset.open(dir).cases("test").get(0);
    assertEquals(LabelKind.NONE, c.kind());
    assertFalse(c.hasLabel());
  }

  @Test
  void descriptorFile_replacesTheMscmrDefault() throws Exception {
    Layouts.mscmr(dir);
    Files.writeString(dir.resolve(DatasetDescriptor.DESCRIPTOR_FILE), "{\"name\": \"mine\", "
        + "\"classes\": {\"RV\": 1, \"MYO\": 2, \"LV\": 3}, \"unannotated\": 4}");
    assertEquals("mine", MscmrDataset.open(dir).descriptor().name());
  }

  @Test
  void unknownSplit_listsTheSplits() throws Exception {
    MscmrDataset d = MscmrDataset.open(Layouts.mscmr(dir));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.cases("test"));
    assertEquals("split 'test' not in " + dir + ", expected one of [train, val]",
        e.getMessage());
  }

  @Test
  void sharedMscmr_has25ScribbledTrainAnd5ManualValCases() throws Exception {
    MscmrDataset d = MscmrDataset.open(RealData.root());
    assertEquals(25, d.cases("train").size());
    assertEquals(5, d.cases("val").size());
    d.cases("train").forEach(c -> assertEquals(LabelKind.SCRIBBLE, c.kind(), c.id()));
    d.cases("val").forEach(c -> assertEquals(LabelKind.MANUAL, c.kind(), c.id()));
    assertEquals("subject2", d.cases("train").get(0).id());
  }
}
