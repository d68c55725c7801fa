package org.medcl.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @TempDir
  Path dir;

  @Test
  void mscmrFolder_isDetected() throws Exception {
    assertEquals(Dataset.Layout.MSCMR, Datasets.open(Layouts.mscmr(dir)).layout());
  }

  @Test
  void nnUnetFolder_isDetected() throws Exception {
    assertEquals(Dataset.Layout.NNUNET, Datasets.open(Layouts.nnunet(dir)).layout());
  }

  @Test
  void emptyFolder_matchesNoLayout() throws Exception {
    DatasetException e = assertThrows(DatasetException.class, () -> Datasets.open(dir));
    assertEquals(dir + ": matches no known layout, expected dataset.json with imagesTr/ and "
        + "labelsTr/ (nnU-Net v2 raw) or <split>/images/ with <split>/labels/ (MSCMR)",
        e.getMessage());
  }

  @Test
  void missingFolder_isNamed() {
    Path p = dir.resolve("nope");
    DatasetException e = assertThrows(DatasetException.class, () -> Datasets.open(p));
    assertEquals(p + ": dataset folder not found", e.getMessage());
  }

  @Test
  void file_isNotAFolder() throws Exception {
    Path f = Files.writeString(dir.resolve("x.txt"), "x");
    assertThrows(DatasetException.class, () -> Datasets.open(f));
  }
}
