package org.medcl.graphs.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.ServerDef;

class ClusterSpecTest {

  @Test
  void clusterFile_givesTargetsDevicesAndServerDefs(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("cluster.json"),
        "{\"workers\": [\"10.0.0.1:2222\", \"10.0.0.2:2223\"]}");
    ClusterSpec spec = ClusterSpec.read(f);
    assertEquals(2, spec.size());
    assertEquals("grpc://10.0.0.2:2223", spec.target(1));
    assertEquals(List.of("/job:worker/task:0/device:CPU:0", "/job:worker/task:1/device:CPU:0"),
        spec.mirrored().devices());
    ServerDef def = spec.serverDef(1, ConfigProto.newBuilder().setOperationTimeoutInMs(5)
        .build());
    assertEquals("worker", def.getJobName());
    assertEquals(1, def.getTaskIndex());
    assertEquals("grpc", def.getProtocol());
    assertEquals("10.0.0.1:2222", def.getCluster().getJob(0).getTasksMap().get(0));
    assertEquals(5, def.getDefaultSessionConfig().getOperationTimeoutInMs());
  }

  @Test
  void fileWithoutWorkers_isRejectedNamingTheFile(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("c.json"), "{\"hosts\": []}");
    IOException e = assertThrows(IOException.class, () -> ClusterSpec.read(f));
    assertEquals("cluster file " + f + " has no \"workers\" array of host:port",
        e.getMessage());
  }

  @Test
  void entryWithoutPort_isRejectedNamingTheFile(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("c.json"), "{\"workers\": [\"host0\"]}");
    IOException e = assertThrows(IOException.class, () -> ClusterSpec.read(f));
    assertEquals("cluster file " + f + ": expected host:port, found 'host0'", e.getMessage());
  }

  @Test
  void taskOutsideTheCluster_isRejected() {
    ClusterSpec spec = new ClusterSpec(List.of("localhost:2222"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> spec.target(1));
    assertEquals("task must be in [0, 1), found 1", e.getMessage());
  }
}
