package org.medcl.graphs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.StepStats;

class StepProfileTest {
  private static NodeExecStats node(String name, String label, long micros) {
    return NodeExecStats.newBuilder().setNodeName(name).setTimelineLabel(label)
        .setAllEndRelMicros(micros).build();
  }

  @Test
  void sumsPerOpTypeAcrossDevices_mostTimeFirst() {
    RunMetadata meta = RunMetadata.newBuilder().setStepStats(StepStats.newBuilder()
        .addDevStats(DeviceStepStats.newBuilder()
            .addNodeStats(node("c1", "c1 = _MklNativeConv2D(x, k)", 3000))
            .addNodeStats(node("m1", "m1 = Mul(a, b)", 500)))
        .addDevStats(DeviceStepStats.newBuilder()
            .addNodeStats(node("c2", "c2 = _MklNativeConv2D(y, k)", 1500))
            .addNodeStats(node("_SOURCE", "", 250))))
        .build();
    StepProfile p = StepProfile.of(meta);
    // 3 + 0.5 + 1.5 + 0.25 ms
    assertEquals(5.25, p.totalMillis(), 1e-12);
    assertEquals("_MklNativeConv2D", p.rows().get(0).opType());
    assertEquals(4.5, p.rows().get(0).millis(), 1e-12);
    assertEquals(2, p.rows().get(0).count());
    assertEquals("Mul", p.rows().get(1).opType());
    // a node without a timeline label is counted under its own name
    assertEquals("_SOURCE", p.rows().get(2).opType());
    assertEquals("c1", p.nodes().get(0).name());
    assertEquals(3.0, p.nodes().get(0).millis(), 1e-12);
  }
}
