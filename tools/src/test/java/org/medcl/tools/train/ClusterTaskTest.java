package org.medcl.tools.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.graphs.distributed.ClusterSpec;
import org.tensorflow.exceptions.TensorFlowException;

class ClusterTaskTest {
  private static final ClusterSpec TWO = new ClusterSpec(List.of("hostA:2222", "hostB:2223"));

  @Test
  void read_checksTheTaskAgainstTheFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"workers\": [\"a:1\", \"b:2\"]}");
    ClusterTask t = ClusterTask.read(file, 1, 5000);
    assertEquals(List.of("a:1", "b:2"), t.spec().workers());
    assertFalse(t.chief());
    assertEquals("b:2", t.address());
    assertTrue(ClusterTask.read(file, 0, 5000).chief());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterTask.read(file, 2, 5000));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertThrows(IOException.class, () -> ClusterTask.read(dir.resolve("absent.json"), 0, 1));
  }

  @Test
  void failure_namesEveryTaskAndKeepsTensorFlowsMessageOnOneLine() {
    ClusterTask t = new ClusterTask(Path.of("cluster.json"), TWO, 0, 30_000);
    IllegalStateException e = t.failure("training step 7", new TensorFlowException(
        "From /job:worker/replica:0/task:1: Socket closed\n\tmore detail"));
    String m = e.getMessage();
    assertTrue(m.startsWith("training step 7 failed on cluster cluster.json [task 0 = "
        + "hostA:2222 (chief), task 1 = hostB:2223]: From /job:worker/replica:0/task:1: "
        + "Socket closed more detail"), m);
    assertTrue(m.contains("worker timeout of 30.0 s"), m);
    assertFalse(m.contains("\n"), m);
  }

  @Test
  void accepts_isTrueOnlyWhileSomethingListens() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
      assertTrue(ClusterTask.accepts("127.0.0.1:" + port));
    }
    assertFalse(ClusterTask.accepts("127.0.0.1:" + port));
  }

  @Test
  void whileWorkersAnswer_returnsTheActionsValue() {
    ClusterTask chief = new ClusterTask(Path.of("c.json"), new ClusterSpec(List.of(
        "127.0.0.1:1")), 0, 1000);
    assertEquals("built", chief.whileWorkersAnswer("build", () -> "built"));
  }
}
