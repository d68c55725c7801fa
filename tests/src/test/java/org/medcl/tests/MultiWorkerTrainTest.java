package org.medcl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.tools.Medcl;
import org.medcl.tools.report.MetricsCsv;
import org.medcl.tools.train.TrainState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code medcl train --cluster cluster.json --task K} on real MSCMR volumes (training,
 * resuming, a killed worker, a worker that never starts): two worker
 * processes on loopback, inside a network namespace that the test makes for itself
 * ({@code unshare -n}, then {@code lo} up), so that TensorFlow's servers, which bind every
 * interface, see nothing but each other. Every process has a bound: the script kills the
 * worker on its way out, the chief runs under {@code timeout -s KILL}, and the test waits for
 * the script with a timeout and then kills whatever it started.
 */
class MultiWorkerTrainTest {
  private static final Logger LOG = LoggerFactory.getLogger(MultiWorkerTrainTest.class);
  private static final Path DATA = SharedData.mscmr();
  private static final String MAIN = Medcl.class.getName();
  private static final String NEEDS = "needs 'unshare -n' and 'ip' (root or user namespaces)"
      + " to run the workers in a network namespace of their own; not available here";

  /**
   * Two training cases (31 slices at 3 mm, 8 steps of 4 slices an epoch), one val case,
   * deterministic crops, no ramp-up, one thread per process.
   */
  private static final List<String> TINY = List.of("--data", DATA.toString(), "--size", "64",
      "--batch", "4", "--minutes", "0", "--threads", "1", "--set", "model.spacing=3.0",
      "--set", "data.trainCases=[subject2,subject4]", "--set", "data.valCases=[subject1]",
      "--set", "loss.prototypes=16", "--set", "loss.pool=2", "--set", "train.randomCrops=0",
      "--set", "loss.rampUpSteps=0");

  /**
   * Relative bound on each loss term of each step between the 2-task run and the
   * {@code --devices 2} run (absolute below 1). Both run the same graph on the same feeds; only
   * the order of float32 sums in oneDNN's kernels may differ (SCALE-OUT.md: up to 1.6e-5 on
   * the gradients of two runs of the two-device step), and Adam turns such differences on
   * near-zero gradient components into steps of the full learning rate, so they grow over the 8
   * steps. Measured: 0 (bitwise equal) for all 80 values in 3 runs; largest 1.5e-4 and 1.2e-3
   * in two fresh-clone CI runs. A wrong graph (another batch, a replica missing) differs by far
   * more.
   */
  private static final double TOLERANCE = 1e-2;

  private static boolean namespaces;

  @BeforeAll
  static void probeNamespaces() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("unshare", "-n", "sh", "-c", "ip link set lo up")
          .redirectErrorStream(true).start();
      namespaces = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
      p.destroyForcibly();
    } catch (IOException e) {
      namespaces = false;
    }
  }

  @Test
  void twoTasks_trainAndResumeOnRealData_withTheLossesOfTwoLocalDevices(@TempDir Path dir)
      throws Exception {
    assumeTrue(namespaces, NEEDS);
    List<String> args = with(TINY, "--epochs", "1", "--validate-minutes", "0");
    // then a second chief resumes the run on the same worker for a second epoch
    String script = start(dir) + worker(args) + "timeout -s KILL 400 " + java(args, 0)
        + " --output run-cluster > chief.log 2>&1\necho \"chief_rc=$?\"\n"
        + "cp run-cluster/metrics.csv epoch1.csv\n"
        + "timeout -s KILL 300 " + java(List.of("--resume", "run-cluster", "--data",
            DATA.toString(), "--epochs", "2"), 0) + " > resumed.log 2>&1\n"
        + "echo \"resumed_rc=$?\"\n";
    String out = runScript(dir, script, 720);
    String chief = read(dir.resolve("chief.log"));
    assertTrue(out.contains("chief_rc=0"), out + chief);
    assertTrue(out.contains("resumed_rc=0"), out + read(dir.resolve("resumed.log")));

    Path cluster = dir.resolve("run-cluster");
    for (String f : new String[] {"metrics.csv", "config.yaml", "provenance.json",
        "checkpoints/last/state.json", "checkpoints/best/state.json"}) {
      assertTrue(Files.isRegularFile(cluster.resolve(f)), "missing " + f);
    }
    assertEquals(16, TrainState.read(cluster.resolve("checkpoints/last")).step());
    assertEquals(16, MetricsCsv.read(cluster.resolve("metrics.csv")).size());
    // the placement is logged once, with a replica on task 1
    assertEquals(1, count(chief, "INFO GraphBackend - multi-worker training cluster="), chief);
    assertEquals(1, count(chief, "placement nodes_per_device="), chief);
    assertTrue(chief.contains("/job:worker/task:1/device:CPU:0="), chief);
    // the worker served and wrote nothing
    assertTrue(read(dir.resolve("worker1.log")).contains("serves the chief"));
    assertFalse(Files.exists(dir.resolve("runs")), "the worker wrote a run folder");

    // The same run in this process on two CPU devices.
    Path local = dir.resolve("run-local");
    StringWriter err = new StringWriter();
    CommandLine cli = Medcl.commandLine();
    cli.setErr(new PrintWriter(err, true));
    List<String> single = with(List.of("train"), args.toArray(String[]::new));
    assertEquals(0, cli.execute(with(single, "--devices", "2", "--output", local.toString())
        .toArray(String[]::new)), err.toString());

    List<Map<String, String>> a = MetricsCsv.read(dir.resolve("epoch1.csv"));
    List<Map<String, String>> b = MetricsCsv.read(local.resolve("metrics.csv"));
    assertEquals(8, a.size(), "one row per step (validation every step)");
    assertEquals(8, b.size());
    double worst = 0;
    int compared = 0;
    for (int i = 0; i < a.size(); i++) {
      assertEquals(Integer.toString(i + 1), a.get(i).get("step"));
      assertEquals(a.get(i).get("step"), b.get(i).get("step"));
      for (String column : a.get(i).keySet()) {
        if (!column.startsWith("loss_")) {
          continue;
        }
        double x = Double.parseDouble(a.get(i).get(column));
        double y = Double.parseDouble(b.get(i).get(column));
        double scaled = Math.abs(x - y) / Math.max(1, Math.abs(y));
        worst = Math.max(worst, scaled);
        compared++;
        assertTrue(scaled <= TOLERANCE, "step " + (i + 1) + " " + column + ": 2 tasks " + x
            + ", 2 devices " + y);
      }
    }
    assertTrue(compared >= 8 * 5, "loss columns compared: " + compared);
    assertFalse(a.get(0).get("loss_total").equals(a.get(7).get("loss_total")), "it trains");
    LOG.info("2 tasks against 2 devices: {} loss values, largest scaled difference {}",
        compared, worst);
  }

  @Test
  void killedWorker_makesTheChiefExitOneNamingTheTaskWithinSixtySeconds(@TempDir Path dir)
      throws Exception {
    assumeTrue(namespaces, NEEDS);
    List<String> args = with(TINY, "--epochs", "100", "--validate-minutes", "100",
        "--worker-timeout-seconds", "30");
    String script = start(dir) + worker(args)
        + "timeout -s KILL 300 " + java(args, 0).replace(" -cp ",
            " -Dorg.slf4j.simpleLogger.log.org.medcl.tools.train.Trainer=debug -cp ")
        + " --output run-cluster > chief.log 2>&1 &\nC=$!\n"
        // bounded wait for the third step, then the worker is killed mid-run
        + "for i in $(seq 1 1000); do grep -q 'DEBUG Trainer - step=3 ' chief.log && break;"
        + " kill -0 $C 2>/dev/null || break; sleep 0.2; done\n"
        + "kill -9 $W\nT0=$(date +%s%N)\nwait $C\nRC=$?\n"
        + "echo \"rc=$RC ms=$(( ($(date +%s%N) - T0) / 1000000 ))\"\n";
    String out = runScript(dir, script, 400);
    String chief = read(dir.resolve("chief.log"));
    Matcher m = Pattern.compile("rc=(\\d+) ms=(\\d+)").matcher(out);
    assertTrue(m.find(), out + chief);
    assertTrue(chief.contains("DEBUG Trainer - step=3 "), chief);
    assertEquals(1, Integer.parseInt(m.group(1)), "exit status (137: killed by timeout)\n"
        + chief);
    long ms = Long.parseLong(m.group(2));
    assertTrue(ms < 60_000, "the chief took " + ms + " ms to exit");
    String error = line(chief, "ERROR ClusterTask - training step ");
    assertTrue(error.contains("task 1 = localhost:2223"), error);
    assertTrue(error.contains("/job:worker/replica:0/task:1"), error);
    // picocli's one line on standard error, and nothing after a failed step is written
    assertTrue(chief.contains("medcl train: training step "), chief);
    assertFalse(Files.exists(dir.resolve("run-cluster/checkpoints/last")), "wrote last");
    LOG.info("chief exited {} ms after the worker was killed", ms);
  }

  @Test
  void workerThatNeverStarts_makesTheChiefExitOneNamingTheTask(@TempDir Path dir)
      throws Exception {
    assumeTrue(namespaces, NEEDS);
    List<String> args = with(TINY, "--epochs", "1", "--worker-timeout-seconds", "10");
    String script = start(dir) + "T0=$(date +%s%N)\ntimeout -s KILL 200 " + java(args, 0)
        + " --output run-cluster > chief.log 2>&1\n"
        + "echo \"rc=$? ms=$(( ($(date +%s%N) - T0) / 1000000 ))\"\n";
    String out = runScript(dir, script, 240);
    String chief = read(dir.resolve("chief.log"));
    Matcher m = Pattern.compile("rc=(\\d+) ms=(\\d+)").matcher(out);
    assertTrue(m.find(), out + chief);
    assertEquals(1, Integer.parseInt(m.group(1)), chief);
    String error = line(chief, "ERROR ClusterTask - building the step graph failed");
    assertTrue(error.contains("task 1 (localhost:2223) has not accepted connections for 10.0 s"),
        error);
    LOG.info("chief without its worker exited after {} ms", m.group(2));
  }

  /** Writes cluster.json; the script's start: loopback up, into the test's folder. */
  private static String start(Path dir) throws IOException {
    Files.writeString(dir.resolve("cluster.json"),
        "{\"workers\": [\"localhost:2222\", \"localhost:2223\"]}");
    return "set -u\nip link set lo up\ncd '" + dir + "'\n";
  }

  /** Starts task 1 in the background; the script kills it on the way out. */
  private static String worker(List<String> args) {
    return java(args, 1) + " > worker1.log 2>&1 &\nW=$!\ntrap 'kill -9 $W 2>/dev/null' EXIT\n";
  }

  private static String java(List<String> args, int task) {
    StringBuilder sb = new StringBuilder("java -Xmx2g -cp \"$CP\" " + MAIN
        + " train --cluster cluster.json --task " + task);
    for (String a : args) {
      sb.append(" '").append(a).append('\'');
    }
    return sb.toString();
  }

  private static List<String> with(List<String> base, String... more) {
    List<String> out = new ArrayList<>(base);
    out.addAll(List.of(more));
    return out;
  }

  /**
   * Runs {@code script} with bash in a new network namespace and returns what it printed; kills
   * every process it started on the way out.
   */
  private static String runScript(Path dir, String script, int seconds) throws Exception {
    Path file = Files.writeString(dir.resolve("run.sh"), script);
    ProcessBuilder pb = new ProcessBuilder("unshare", "-n", "bash", file.toString());
    pb.environment().put("CP", System.getProperty("java.class.path"));
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
        + System.getenv("PATH"));
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("script.out").toFile());
    Process p = pb.start();
    try {
      assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "script did not end in " + seconds
          + " s:\n" + read(dir.resolve("chief.log")));
      return read(dir.resolve("script.out"));
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  /** The first line of {@code text} that contains {@code what}, or all of it. */
  private static String line(String text, String what) {
    for (String l : text.split("\n")) {
      if (l.contains(what)) {
        return l;
      }
    }
    return text;
  }
}
