package org.medcl.data.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.dataset.DatasetDescriptor.LabelClass;

class DatasetDescriptorTest {
  @TempDir
  Path dir;

  private Path json(String text) throws Exception {
    Path p = dir.resolve("d.json");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void mscmr_hasRvMyoLvAndUnannotatedFour() {
    DatasetDescriptor d = DatasetDescriptor.mscmr();
    assertEquals(List.of("background", "RV", "MYO", "LV"), d.classNames());
    assertEquals(4, d.unannotatedValue().getAsInt());
    assertEquals(3, d.foregroundCount());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, d.allowedValues());
    assertEquals(List.of("LGE"), d.channelNames());
  }

  @Test
  void classIndex_followsValueOrder_andUnannotatedIsMinusOne() {
    DatasetDescriptor d = DatasetDescriptor.of("x", 0, List.of(new LabelClass("b", 7),
        new LabelClass("a", 2)), 9, List.of("c0"));
    assertEquals(0, d.classIndex(0));
    assertEquals(1, d.classIndex(2));
    assertEquals(2, d.classIndex(7));
    assertEquals(-1, d.classIndex(9));
    int[] table = d.classIndexTable();
    assertEquals(2, table[7]);
    assertEquals(-2, table[5]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.classIndex(5));
    assertEquals("label value 5 is not in descriptor x, expected one of [0, 2, 7, 9]",
        e.getMessage());
  }

  @Test
  void nnUnetJson_withIgnore_givesUnannotatedValue() throws Exception {
    Path p = json("{\"channel_names\": {\"1\": \"T2\", \"0\": \"LGE\"}, \"labels\": "
        + "{\"background\": 0, \"LV\": 3, \"RV\": 1, \"ignore\": 4}, \"numTraining\": 5, "
        + "\"file_ending\": \".nii\"}");
    DatasetDescriptor d = DatasetDescriptor.read(p);
    assertEquals(List.of("background", "RV", "LV"), d.classNames());
    assertEquals(4, d.unannotatedValue().getAsInt());
    assertEquals(List.of("LGE", "T2"), d.channelNames());
    assertEquals(5, d.numTraining().getAsInt());
    assertEquals(".nii", d.fileEnding());
  }

  @Test
  void nnUnetJson_withoutIgnore_isDense() throws Exception {
    DatasetDescriptor d = DatasetDescriptor.read(json("{\"channel_names\": {\"0\": \"CT\"}, "
        + "\"labels\": {\"background\": 0, \"liver\": 1}}"));
    assertFalse(d.unannotatedValue().isPresent());
    assertFalse(d.isAllowed(2));
    assertTrue(d.isAllowed(1));
  }

  @Test
  void projectJson_isRead() throws Exception {
    DatasetDescriptor d = DatasetDescriptor.read(json("{\"name\": \"MSCMR\", \"background\": 0,"
        + " \"classes\": {\"RV\": 1, \"MYO\": 2, \"LV\": 3}, \"unannotated\": 4, "
        + "\"channels\": [\"LGE\"]}"));
    assertEquals(DatasetDescriptor.mscmr(), d);
  }

  @Test
  void regionLabels_areRejectedNamingTheFile() throws Exception {
    Path p = json("{\"channel_names\": {\"0\": \"T1\"}, \"labels\": {\"background\": 0, "
        + "\"whole\": [1, 2]}}");
    DatasetException e = assertThrows(DatasetException.class, () -> DatasetDescriptor.read(p));
    assertEquals(p + ": label 'whole' is [1,2], expected an integer (region-based labels are not"
        + " supported)", e.getMessage());
  }

  @Test
  void missingBackground_isRejected() throws Exception {
    Path p = json("{\"channel_names\": {\"0\": \"T1\"}, \"labels\": {\"a\": 1}}");
    DatasetException e = assertThrows(DatasetException.class, () -> DatasetDescriptor.read(p));
    assertEquals(p + ": 'labels' has no 'background', expected background: 0", e.getMessage());
  }

  @Test
  void repeatedValue_isRejectedNamingTheFile() throws Exception {
    Path p = json("{\"classes\": {\"a\": 1, \"b\": 1}}");
    DatasetException e = assertThrows(DatasetException.class, () -> DatasetDescriptor.read(p));
    assertEquals(p + ": descriptor dataset uses label value 1 twice, expected distinct values",
        e.getMessage());
  }

  @Test
  void gappedChannelIndices_areRejected() throws Exception {
    Path p = json("{\"channel_names\": {\"0\": \"a\", \"2\": \"b\"}, \"labels\": "
        + "{\"background\": 0, \"x\": 1}}");
    DatasetException e = assertThrows(DatasetException.class, () -> DatasetDescriptor.read(p));
    assertEquals(p + ": channel indices [0, 2], expected 0..1", e.getMessage());
  }

  @Test
  void notJson_isRejected() throws Exception {
    Path p = json("{labels: ");
    DatasetException e = assertThrows(DatasetException.class, () -> DatasetDescriptor.read(p));
    assertTrue(e.getMessage().startsWith(p + ": not valid JSON"), e.getMessage());
  }

  @Test
  void neitherForm_isRejected() throws Exception {
    Path p = json("{\"name\": \"x\"}");
    DatasetException e = assertThrows(DatasetException.class, () -> DatasetDescriptor.read(p));
    assertEquals(p + ": has neither 'labels' (nnU-Net dataset.json) nor 'classes' (MedCL "
        + "descriptor), expected one of them", e.getMessage());
  }

  @Test
  void valueAbove255_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetDescriptor.of("x", 0, List.of(new LabelClass("a", 300)), null,
            List.of("c")));
    assertEquals("descriptor x has label value 300, expected 0..255", e.getMessage());
  }
}
