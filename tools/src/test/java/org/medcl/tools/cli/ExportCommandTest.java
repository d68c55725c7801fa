package org.medcl.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.graphs.ThreadSettings;
import org.medcl.savedmodels.ModelMetadata;
import org.medcl.savedmodels.ServingGraph;
import org.medcl.tools.predict.ModelInfo;
import org.medcl.tools.train.TrainConfig;
import org.medcl.tools.train.TrainState;

/**
 * {@code medcl export} on a run folder assembled in the test: the small preset's untrained
 * weights saved as checkpoints/best, model.json at 3 mm so that verification on the real val
 * case subject1 (15 slices) is quick.
 */
class ExportCommandTest {
  private static final Path DATA = Path.of(System.getProperty("medcl.data",
      "../../shared/data/mscmr"));

  @TempDir static Path dir;
  private static Path run;

  private static CliRun medcl(String... args) {
    return CliRun.of(args);
  }

  @BeforeAll
  static void runFolder() throws IOException {
    run = dir.resolve("run");
    Path best = Files.createDirectories(run.resolve("checkpoints").resolve("best"));
    TrainConfig.resolve(null, Map.of("model.spacing", "3.0", "data.valCases", "[subject1]"))
        .save(run.resolve("config.yaml"));
    ModelInfo info = new ModelInfo("small", 1, 3.0, List.of("RV", "MYO", "LV"),
        List.of(1, 2, 3), 0);
    info.write(run);
    ModelMetadata meta = info.toMetadata();
    try (ServingGraph g = ServingGraph.create(meta.unetConfig(), 3.0,
        new ThreadSettings(1, 1))) {
      g.session().initialize();
      g.session().save(best.resolve("model").toString());
    }
    TrainState.initial(List.of()).write(best);
  }

  @Test
  void export_writesNumberedVerifiedVersionsWithSideFiles() throws IOException {
    Path base = dir.resolve("models").resolve("medcl");
    CliRun first = medcl("export", "--run", run.toString(), "--output", base.toString(),
        "--data", DATA.toString(), "--threads", "1");
    assertEquals(0, first.code(), first.err());
    // the reloaded graph is the one written, and its network the training code's inference
    // graph with the same weights: identical kernels, identical numbers
    assertEquals("exported " + base.resolve("1") + " (version 1), verified on 15 slices: max "
        + "abs probability difference 0.0, 0 label difference(s); network against the training "
        + "code's inference graph: 0.0", first.out().trim());
    CliRun second = medcl("export", "--run", run.toString(), "--output", base.toString(),
        "--data", DATA.toString(), "--threads", "1");
    assertEquals(0, second.code(), second.err());
    assertTrue(second.out().startsWith("exported " + base.resolve("2") + " (version 2)"));
    Path v1 = base.resolve("1");
    assertEquals(ModelInfo.read(run), ModelInfo.read(v1));
    JsonNode prov = new ObjectMapper().readTree(v1.resolve("provenance.json").toFile());
    assertEquals("export", prov.get("kind").asText());
    assertEquals("best", prov.get("checkpoint").asText());
    assertEquals("[subject1]", prov.get("verifiedOn").asText());
    assertEquals("val/images/subject1_DE.nii.gz",
        prov.get("dataFiles").get(0).get("path").asText());
    assertTrue(prov.has("ended"));
  }

  @Test
  void zeroVerificationCases_isRefused() {
    Path base = dir.resolve("models").resolve("zero");
    CliRun r = medcl("export", "--run", run.toString(), "--output", base.toString(),
        "--verify-cases", "0");
    assertEquals(1, r.code());
    assertEquals("medcl export: --verify-cases must be at least 1, found 0", r.err().trim());
    assertFalse(Files.exists(base));
  }

  @Test
  void folderThatIsNotARun_isReportedByName(@TempDir Path empty) {
    CliRun r = medcl("export", "--run", empty.toString(), "--output",
        empty.resolve("out").toString(), "--data", DATA.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains(empty.resolve("config.yaml").toString()), r.err());
    assertFalse(Files.exists(empty.resolve("out")));
  }
}
