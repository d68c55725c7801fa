package org.medcl.graphs.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.graphs.MedclStepGraph;
import org.medcl.graphs.StepResult;

/**
 * Two worker processes on loopback inside a network namespace of the test's own
 * ({@code unshare -n}, then {@code lo} up), so that the servers, which bind every interface,
 * cannot clash with anything else on the machine.
 */
class MultiWorkerTrainerTest {
  private static final Pattern STEP = Pattern.compile("step=(\\d+) loss=(\\S+)");
  private static boolean namespaces;

  @BeforeAll
  static void probeNamespaces() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("unshare", "-n", "sh", "-c", "ip link set lo up")
          .redirectErrorStream(true).start();
      namespaces = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      namespaces = false;
    }
  }

  @Test
  void twoWorkers_trainThreeSteps_withTheLossesOfOneProcess(@TempDir Path dir)
      throws Exception {
    assumeTrue(namespaces, "needs 'unshare -n' and 'ip' (root or user namespaces) to run the"
        + " workers in a network namespace of their own; not available here");
    Path checkpoint = Files.createDirectories(dir.resolve("ckpt")).resolve("step");
    String script = workers(dir) + "timeout -s KILL 200 java -cp \"$CP\" " + MAIN
        + " --cluster cluster.json --task 0 --steps 3 --save \"" + checkpoint + "\""
        + " > chief.log 2>&1\n"
        + "RC=$?\nkill $W\n"
        + "exit $RC\n";
    String log = runToEnd(dir, script, 240)[1];
    Process p = last;
    assertEquals(0, p.exitValue(), log);
    List<Double> losses = losses(log);
    assertEquals(3, losses.size(), log);
    List<StepResult> local = MultiWorkerTrainer.train(MultiWorkerTrainer.config(4, 32),
        MirroredConfig.cpus(2), null, 0, 3);
    for (int i = 0; i < 3; i++) {
      // same graph and feeds on two processes or two local devices: float32 reordering only
      assertEquals(local.get(i).total(), losses.get(i), 1e-4 * Math.abs(losses.get(i)),
          "step " + (i + 1));
    }
    assertNotEquals(losses.get(0), losses.get(2));
    // the chief's checkpoint has the single-device layout
    try (MedclStepGraph single = MedclStepGraph.build(MultiWorkerTrainer.config(4, 32))) {
      single.restore(checkpoint.toString());
      assertEquals(3, single.globalStep());
    }
  }

  @Test
  void killedWorker_makesTheChiefExitNonZeroWithinSixtySeconds(@TempDir Path dir)
      throws Exception {
    assumeTrue(namespaces, "needs 'unshare -n' and 'ip' (root or user namespaces) to run the"
        + " workers in a network namespace of their own; not available here");
    // the chief is killed after 300 s if it hangs (timeout), so the test never leaves it
    String script = workers(dir) + "timeout -s KILL 300 java -cp \"$CP\" " + MAIN
        + " --cluster cluster.json --task 0 --steps 100000 --timeout-ms 20000 > chief.log"
        + " 2>&1 &\nC=$!\n"
        + "for i in $(seq 1 900); do grep -q 'step=2 ' chief.log && break; sleep 0.2; done\n"
        + "kill -9 $W\nT0=$(date +%s%N)\n"
        + "wait $C\nRC=$?\necho \"rc=$RC ms=$(( ($(date +%s%N) - T0) / 1000000 ))\"\n";
    String[] outAndLog = runToEnd(dir, script, 400);
    String out = outAndLog[0];
    String log = outAndLog[1];
    Matcher m = Pattern.compile("rc=(\\d+) ms=(\\d+)").matcher(out);
    assertTrue(m.find(), out + log);
    assertTrue(losses(log).size() >= 2, log);
    assertNotEquals(0, Integer.parseInt(m.group(1)), log);
    assertTrue(Long.parseLong(m.group(2)) < 60_000, "chief took " + m.group(2) + " ms");
    // the message names the dead task
    assertTrue(log.contains("training failed") && log.contains("task:1"), log);
  }

  private static final String MAIN = MultiWorkerTrainer.class.getName();

  /** Writes cluster.json; the script brings lo up and starts task 1 in the background. */
  private static String workers(Path dir) throws IOException {
    Files.writeString(dir.resolve("cluster.json"),
        "{\"workers\": [\"localhost:2222\", \"localhost:2223\"]}");
    return "set -u\nip link set lo up\ncd \"" + dir + "\"\n"
        + "java -cp \"$CP\" " + MAIN + " --cluster cluster.json --task 1 > worker1.log 2>&1 &\n"
        + "W=$!\n";
  }

  private Process last;

  /**
   * Runs {@code script} in a new network namespace; returns its output and chief.log. Every
   * process it started is killed on the way out.
   */
  private String[] runToEnd(Path dir, String script, int seconds) throws Exception {
    Process p = run(dir, script);
    last = p;
    try {
      assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "script did not end in " + seconds
          + " s");
      Path log = dir.resolve("chief.log");
      return new String[] {Files.readString(dir.resolve("script.out")),
          Files.exists(log) ? Files.readString(log) : ""};
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private static Process run(Path dir, String script) throws IOException {
    Path file = dir.resolve("run.sh");
    Files.writeString(file, script);
    ProcessBuilder pb = new ProcessBuilder("unshare", "-n", "bash", file.toString());
    pb.environment().put("CP", System.getProperty("java.class.path"));
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
        + System.getenv("PATH"));
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("script.out").toFile());
    return pb.start();
  }

  private static List<Double> losses(String log) {
    List<Double> out = new ArrayList<>();
    Matcher m = STEP.matcher(log);
    while (m.find()) {
      out.add(Double.parseDouble(m.group(2)));
    }
    return out;
  }
}
