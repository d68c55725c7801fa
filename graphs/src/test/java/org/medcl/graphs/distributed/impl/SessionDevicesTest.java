package org.medcl.graphs.distributed.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

class SessionDevicesTest {

  @Test
  void twoCpuConfig_listsTwoCpuDevices() {
    try (Graph g = new Graph();
        Session s = new Session(g, ConfigProto.newBuilder().putDeviceCount("CPU", 2)
            .build())) {
      List<String> cpus = SessionDevices.visible(s).stream().filter(d -> d.contains("CPU"))
          .toList();
      assertEquals(List.of("/job:localhost/replica:0/task:0/device:CPU:0",
          "/job:localhost/replica:0/task:0/device:CPU:1"), cpus);
    }
  }

  @Test
  void missing_matchesLocalNamesBySuffixAndJobNamesExactly() {
    List<String> visible = List.of("/job:localhost/replica:0/task:0/device:CPU:0",
        "/job:worker/replica:0/task:1/device:CPU:0");
    assertNull(SessionDevices.missing(List.of("/device:CPU:0",
        "/job:worker/task:1/device:CPU:0"), visible));
    assertEquals("/device:GPU:0", SessionDevices.missing(List.of("/device:CPU:0",
        "/device:GPU:0"), visible));
    assertEquals("/job:worker/task:2/device:CPU:0", SessionDevices.missing(
        List.of("/job:worker/task:2/device:CPU:0"), visible));
  }
}
