package org.medcl.tools.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.Volume;
import org.medcl.graphs.ThreadSettings;
import org.medcl.savedmodels.SavedModelExporter;
import org.medcl.savedmodels.Segmentation;
import org.medcl.savedmodels.ServingGraph;
import org.medcl.tools.train.TrainState;

/** A run folder assembled in the test: the small preset's untrained weights at 3 mm. */
class CheckpointModelTest {
  private static final ModelInfo INFO = new ModelInfo("small", 1, 3.0,
      List.of("RV", "MYO", "LV"), List.of(1, 2, 3), 0);

  @TempDir static Path dir;
  private static Path run;

  @BeforeAll
  static void runFolder() throws IOException {
    run = dir.resolve("run");
    Path best = Files.createDirectories(run.resolve("checkpoints").resolve("best"));
    INFO.write(run);
    try (ServingGraph g = ServingGraph.create(INFO.toMetadata().unetConfig(), 3.0,
        new ThreadSettings(1, 1))) {
      g.session().initialize();
      g.session().save(best.resolve("model").toString());
    }
    TrainState.initial(List.of()).write(best);
  }

  @Test
  void load_restoresTheCheckpointIntoTheServingGraph() throws IOException {
    Volume v = TinyExport.volume(40, 36, 2, 5);
    try (CheckpointModel m = CheckpointModel.load(run, "best", 1)) {
      assertEquals(run + " (best)", m.description());
      assertEquals(INFO.toMetadata(), m.metadata());
      assertEquals(run.resolve("checkpoints/best/model").toString(), m.graph().restoredFrom());
      Segmentation here = m.segmenter().segment(v);
      Path base = dir.resolve("export");
      SavedModelExporter.export(m.graph(), m.metadata(), base, INFO::write, List.of(v));
      try (SavedModelModel saved = SavedModelModel.load(base, 1)) {
        assertArrayEquals(here.classIndices(), saved.segmenter().segment(v).classIndices());
      }
    }
  }

  @Test
  void missingCheckpoint_isReportedWithTheRun() {
    IOException e = assertThrows(IOException.class, () -> CheckpointModel.load(run, "last", 1));
    assertTrue(e.getMessage().startsWith("run " + run + " has no complete checkpoint 'last'"),
        e.getMessage());
  }

  @Test
  void folderWithoutModelJson_isReported(@TempDir Path empty) {
    IOException e = assertThrows(IOException.class, () -> CheckpointModel.load(empty, "best", 1));
    assertEquals("no model.json in " + empty + ": not a medcl run or export", e.getMessage());
  }
}
