package org.medcl.graphs.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MirroredConfigTest {

  @Test
  void count_givesThatManyCpuDevicesWithTheExactDefaults() {
    MirroredConfig c = MirroredConfig.parse("3");
    assertEquals(List.of("/device:CPU:0", "/device:CPU:1", "/device:CPU:2"), c.devices());
    assertEquals(3, c.cpuDeviceCount());
    assertEquals("/device:CPU:0", c.host());
    assertEquals(BatchNormSync.SYNCHRONISED, c.batchNorm());
    assertEquals(BatchTerms.GATHERED, c.batchTerms());
    assertFalse(c.usesGpu());
  }

  @Test
  void gpuList_isExpandedToDeviceNames() {
    MirroredConfig c = MirroredConfig.parse("gpu:0, GPU:1");
    assertEquals(List.of("/device:GPU:0", "/device:GPU:1"), c.devices());
    assertTrue(c.usesGpu());
    assertEquals(1, c.cpuDeviceCount());
  }

  @Test
  void workerDevices_areAcceptedAndNotCountedAsLocalCpus() {
    MirroredConfig c = new MirroredConfig(List.of("/job:worker/task:0/device:CPU:0",
        "/job:worker/task:1/device:CPU:0"), BatchNormSync.SYNCHRONISED, BatchTerms.GATHERED);
    assertEquals(2, c.replicas());
    assertEquals(1, c.cpuDeviceCount());
  }

  @Test
  void duplicateDevice_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MirroredConfig.parse("cpu:1,cpu:1"));
    assertEquals("devices must be distinct, found [/device:CPU:1, /device:CPU:1]",
        e.getMessage());
  }

  @Test
  void unknownDevice_isRejectedWithTheLegalForms() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MirroredConfig.parse("tpu:0"));
    assertEquals("unknown device 'tpu:0', expected a name like /device:CPU:0, /device:GPU:1"
        + " or /job:worker/task:1/device:CPU:0", e.getMessage());
  }

  @Test
  void zeroDevices_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MirroredConfig.parse("0"));
    assertEquals("expected at least 1 device, found 0", e.getMessage());
  }

  @Test
  void settingNames_parseAndListTheLegalValuesWhenUnknown() {
    assertEquals(BatchNormSync.PER_REPLICA, BatchNormSync.parse("per-replica"));
    assertEquals(BatchTerms.PER_REPLICA, BatchTerms.parse("PER_REPLICA"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BatchTerms.parse("local"));
    assertEquals("unknown batch terms 'local', expected one of gathered, per_replica",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BatchNormSync.parse("x"));
    assertEquals("unknown BatchNorm sync 'x', expected one of synchronised, per_replica",
        e.getMessage());
  }
}
