package org.medcl.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.medcl.models.UNetConfig;

class StepConfigTest {

  @Test
  void defaults_areMscmrWithTheSmallPreset() {
    StepConfig c = StepConfig.builder(8, 212, 212).build();
    assertEquals(3, c.numClasses());
    assertEquals(5, c.numMaps());
    assertEquals(128, c.prototypes());
    assertEquals(1, c.channels());
    assertEquals(UNetConfig.small(), c.unet());
    assertEquals(LossWeights.defaults(), c.weights());
    assertEquals(false, c.mix().stopGradientOnTarget());
    assertEquals(0.0, c.mix().areaFloor());
    assertEquals(0.0, c.anatomy().areaFloor());
    assertEquals(c.chain(), c.anatomy().chain());
  }

  @Test
  void networkWithOtherClassCount_isRejected() {
    UNetConfig four = UNetConfig.builder().numClasses(4).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StepConfig.builder(2, 32, 32).unet(four).build());
    assertEquals("union chain has m = 3 classes but the network has m = 4", e.getMessage());
  }

  @Test
  void emptyBatch_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StepConfig.builder(0, 32, 32).build());
    assertEquals("batch must be at least 1, found 0", e.getMessage());
  }

  @Test
  void toBuilder_roundTrips() {
    StepConfig c = StepConfig.builder(2, 32, 48).seed(5).anatomyAreaFloor(0.02).build();
    assertEquals(0.02, c.anatomy().areaFloor());
    assertEquals(c, c.toBuilder().build());
  }
}
