package org.medcl.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NnUnetDatasetTest {
  @TempDir
  Path dir;

  @Test
  void channelsAndLabels_pairByCase() throws Exception {
    NnUnetDataset d = NnUnetDataset.open(Layouts.nnunet(dir));
    assertEquals(List.of("train", "test"), d.splits());
    CaseRef c = d.cases("train").get(0);
    assertEquals("heart_001", c.id());
    assertEquals(List.of(dir.resolve("imagesTr/heart_001_0000.nii.gz"),
        dir.resolve("imagesTr/heart_001_0001.nii.gz")), c.images());
    assertEquals(dir.resolve("labelsTr/heart_001.nii.gz"), c.label());
    assertEquals(LabelKind.SCRIBBLE, c.kind(), "an ignore label makes labels sparse");
    assertEquals(LabelKind.NONE, d.cases("test").get(0).kind());
    assertEquals(4, d.descriptor().unannotatedValue().getAsInt());
  }

  @Test
  void load_joinsChannelFiles() throws Exception {
    NnUnetDataset d = NnUnetDataset.open(Layouts.nnunet(dir));
    LabeledCase c = d.load(d.cases("train").get(1));
    assertEquals(2, c.image().channels());
    // both channel files hold the coded volume 100 z + 10 y + x
    assertEquals(123, c.image().get(3, 2, 1, 1));
    assertEquals(4, c.label().get(1));
  }

  @Test
  void missingChannel_isNamed() throws Exception {
    Layouts.nnunet(dir);
    Files.delete(dir.resolve("imagesTr/heart_002_0001.nii.gz"));
    DatasetException e = assertThrows(DatasetException.class, () -> NnUnetDataset.open(dir));
    assertEquals(dir.resolve("imagesTr/heart_002_0001.nii.gz") + ": channel file missing for "
        + "case heart_002, expected 2 channels [LGE, T2]", e.getMessage());
  }

  @Test
  void labelWithoutImage_isNamed() throws Exception {
    Layouts.nnunet(dir);
    Path orphan = Layouts.label(dir.resolve("labelsTr/heart_009.nii.gz"), 0);
    DatasetException e = assertThrows(DatasetException.class, () -> NnUnetDataset.open(dir));
    assertEquals(orphan + ": label has no image, expected "
        + dir.resolve("imagesTr/heart_009_0000.nii.gz"), e.getMessage());
  }

  @Test
  void imageWithoutLabel_isNamed() throws Exception {
    Layouts.nnunet(dir);
    Files.delete(dir.resolve("labelsTr/heart_002.nii.gz"));
    DatasetException e = assertThrows(DatasetException.class, () -> NnUnetDataset.open(dir));
    assertEquals(dir.resolve("imagesTr/heart_002_0000.nii.gz") + ": image has no label, "
        + "expected " + dir.resolve("labelsTr/heart_002.nii.gz"), e.getMessage());
  }

  @Test
  void numTrainingMismatch_isReported() throws Exception {
    Layouts.nnunet(dir);
    Path json = dir.resolve("dataset.json");
    Files.writeString(json, Files.readString(json).replace("\"numTraining\": 2",
        "\"numTraining\": 3"));
    DatasetException e = assertThrows(DatasetException.class, () -> NnUnetDataset.open(dir));
    assertEquals(json + ": numTraining is 3, found 2 cases in imagesTr", e.getMessage());
  }

  @Test
  void withValidation_movesNamedCasesToVal() throws Exception {
    NnUnetDataset d = NnUnetDataset.open(Layouts.nnunet(dir)).withValidation(
        Set.of("heart_002"));
    assertEquals(List.of("train", "val", "test"), d.splits());
    assertEquals("heart_001", d.cases("train").get(0).id());
    assertEquals("heart_002", d.cases("val").get(0).id());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.withValidation(Set.of("nope")));
    assertEquals("validation cases [nope] are not in " + dir.resolve("imagesTr")
        + ", expected training case ids", e.getMessage());
  }
}
