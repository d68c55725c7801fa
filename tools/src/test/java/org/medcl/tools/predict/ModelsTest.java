package org.medcl.tools.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsTest {

  @Test
  void missingFolder_isReported(@TempDir Path dir) {
    Path none = dir.resolve("none");
    IOException e = assertThrows(IOException.class, () -> Models.load(none, "best", 1));
    assertEquals("model folder " + none + " does not exist", e.getMessage());
  }

  @Test
  void folderWithNeitherRunNorSavedModel_isReported(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("readme.txt"), "nothing here");
    IOException e = assertThrows(IOException.class, () -> Models.load(dir, "best", 1));
    assertEquals("model folder " + dir + " holds neither a training run (checkpoints/) nor a "
        + "SavedModel (saved_model.pb, or numeric version folders holding one)", e.getMessage());
  }

  @Test
  void modelBaseFolder_loadsItsSavedModel(@TempDir Path dir) throws IOException {
    Path version = TinyExport.export(dir.resolve("medcl"));
    try (LoadedModel m = Models.load(dir.resolve("medcl"), "best", 1)) {
      assertInstanceOf(SavedModelModel.class, m);
      assertEquals(version.toString(), m.description());
      assertEquals(4, m.numClasses());
      assertEquals(1.5, m.spacing());
      assertEquals(1, m.channels());
    }
  }
}
