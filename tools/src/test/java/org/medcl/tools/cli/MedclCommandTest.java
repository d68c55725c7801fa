package org.medcl.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MedclCommandTest {

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void noArguments_printsUsageListingTheCommands() {
    var r = run();
    assertEquals(0, r.code());
    for (String c : new String[] {"quickstart", "info", "train", "predict", "evaluate", "model"}) {
      assertTrue(r.out().contains(c), r.out());
    }
  }

  @Test
  void unknownFlag_exitsTwoAndNamesIt() {
    var r = run("train", "--epoch", "3");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--epoch"), r.err());
  }

  @Test
  void missingDataFolder_exitsOneAndSaysHowToGetTheData(@TempDir Path dir) {
    Path absent = dir.resolve("no-such-data");
    var r = run("train", "--data", absent.toString(), "--output", dir.resolve("run").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains(absent.toString()), r.err());
    assertTrue(r.err().contains("MSCMR"), r.err());
  }

  @Test
  void unreadableConfig_exitsOneAndNamesTheFile(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "model: {preset: [\n");
    var r = run("train", "--config", config.toString(), "--output", dir.resolve("r").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains(config.toString()), r.err());
  }

  @Test
  void badOverride_exitsOneAndListsTheKeys(@TempDir Path dir) {
    var r = run("train", "--set", "loss.clusters=0", "--output", dir.resolve("r").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("loss.clusters"), r.err());
    assertTrue(r.err().contains("cluster"), r.err());
  }

  @Test
  void resumeOfAFolderThatIsNoRun_exitsOne(@TempDir Path dir) {
    var r = run("train", "--resume", dir.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("cannot resume"), r.err());
  }

  @Test
  void resumeWithATrainingFlag_isRefused(@TempDir Path dir) {
    var r = run("train", "--resume", dir.toString(), "--batch", "2");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("train.batch"), r.err());
  }

  @Test
  void modelCommand_printsTheReferenceBodyParameterCount() {
    var r = run("model", "--preset", "reference");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().replace(",", "").contains("25759128"), r.out());
  }

  @Test
  void modelCommand_rejectsAnUnknownPreset() {
    var r = run("model", "--preset", "huge");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("huge"), r.err());
  }

  @Test
  void predictWithAMissingModel_exitsOneNamingIt(@TempDir Path dir) throws IOException {
    Path input = dir.resolve("in.nii.gz");
    Files.writeString(input, "not used");
    var r = run("predict", "--model", dir.resolve("nomodel").toString(), "--input",
        input.toString(), "--output", dir.resolve("out").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("nomodel"), r.err());
  }
}
