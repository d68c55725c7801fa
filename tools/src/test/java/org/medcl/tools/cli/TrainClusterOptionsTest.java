package org.medcl.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage errors of {@code medcl train --cluster FILE --task K}: each is reported before any
 * server starts or any file is written.
 */
class TrainClusterOptionsTest {
  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private Path twoWorkers() throws IOException {
    return Files.writeString(dir.resolve("cluster.json"),
        "{\"workers\": [\"localhost:2222\", \"localhost:2223\"]}");
  }

  private String output() {
    return dir.resolve("run").toString();
  }

  private void assertNothingWritten() {
    assertFalse(Files.exists(dir.resolve("run")), "a run folder was written");
  }

  @Test
  void missingClusterFile_exitsOneAndNamesTheFile() {
    Path absent = dir.resolve("no-such-cluster.json");
    var r = run("train", "--cluster", absent.toString(), "--task", "0", "--output", output());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("cluster file " + absent + " not found"), r.err());
    assertTrue(r.err().contains("\"workers\""), "says what the file holds: " + r.err());
    assertNothingWritten();
  }

  @Test
  void clusterFileWithoutWorkers_exitsOneAndNamesTheFile() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"hosts\": []}");
    var r = run("train", "--cluster", bad.toString(), "--task", "0", "--output", output());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains(bad.toString()) && r.err().contains("workers"), r.err());
    assertNothingWritten();
  }

  @Test
  void taskOutOfRange_exitsTwoAndSaysTheRange() throws IOException {
    Path cluster = twoWorkers();
    for (String task : new String[] {"2", "-1"}) {
      var r = run("train", "--cluster", cluster.toString(), "--task", task, "--output",
          output());
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("--task " + task + " is not a task of cluster file "
          + cluster + ": it lists 2 workers, so the task is 0 to 1"), r.err());
    }
    assertNothingWritten();
  }

  @Test
  void clusterWithoutTask_exitsTwo() throws IOException {
    Path cluster = twoWorkers();
    var r = run("train", "--cluster", cluster.toString(), "--output", output());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--cluster " + cluster + " needs --task K"), r.err());
  }

  @Test
  void taskOrTimeoutWithoutCluster_exitsTwo() {
    var r = run("train", "--task", "1", "--output", output());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--task 1 needs --cluster FILE"), r.err());
    r = run("train", "--worker-timeout-seconds", "5", "--output", output());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--worker-timeout-seconds needs --cluster FILE"), r.err());
    assertNothingWritten();
  }

  @Test
  void clusterWithDevices_exitsTwo() throws IOException {
    Path cluster = twoWorkers();
    var r = run("train", "--cluster", cluster.toString(), "--task", "1", "--devices", "2",
        "--output", output());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("one replica per task")
        && r.err().contains("--devices 2"), r.err());
    // the same through the config key, on the chief
    r = run("train", "--cluster", cluster.toString(), "--task", "0", "--set",
        "train.devices=2", "--output", output());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("train.devices must be 1, found \"2\""), r.err());
    assertNothingWritten();
  }

  @Test
  void nonPositiveWorkerTimeout_exitsTwo() throws IOException {
    Path cluster = twoWorkers();
    var r = run("train", "--cluster", cluster.toString(), "--task", "0",
        "--worker-timeout-seconds", "0", "--output", output());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--worker-timeout-seconds must be a positive number"),
        r.err());
  }

  @Test
  void help_describesTheClusterOptions() {
    var r = run("train", "--help");
    assertEquals(0, r.code());
    String help = r.out().replaceAll("\\s+", " ");
    for (String s : new String[] {"--cluster=FILE", "--task=K", "--worker-timeout-seconds=S",
        "Each task is one replica", "Task 0 is the chief", "default 60"}) {
      assertTrue(help.contains(s), s + " missing in: " + r.out());
    }
  }
}
