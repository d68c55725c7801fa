package org.medcl.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UNetConfigTest {

  @Test
  void smallPreset_hasFiveLevelsFrom16To256() {
    UNetConfig c = UNetConfig.small();
    assertEquals(4, c.depth());
    assertEquals(16, c.filters(0));
    assertEquals(256, c.filters(4));
    assertEquals(Padding.SAME, c.padding());
    assertEquals(List.of(128, 64, 32, 16), c.upFilters());
    assertEquals(16, c.sizeMultiple());
  }

  @Test
  void referencePreset_isTheAuthorsTopology() {
    UNetConfig c = UNetConfig.reference();
    assertEquals(64, c.filters(0));
    assertEquals(1024, c.filters(4));
    assertEquals(Padding.VALID, c.padding());
    assertEquals(92, c.inputPad());
    assertEquals(List.of(4, 4, 128, 64), c.upFilters());
    assertEquals(List.of(0.025f, 0.05f, 0.1f, 0.15f, 0.25f), c.dropoutRates());
    assertTrue(c.convBias());
  }

  @Test
  void presetByName_isCaseInsensitive_andRejectsUnknownNames() {
    assertEquals(UNetConfig.reference(), UNetConfig.preset("Reference"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UNetConfig.preset("huge"));
    assertEquals("unknown UNet preset 'huge', expected one of [small, reference]",
        e.getMessage());
  }

  @Test
  void changingDepth_resizesDefaultUpFiltersAndDropout() {
    UNetConfig c = UNetConfig.builder().depth(2).baseFilters(8).build();
    assertEquals(List.of(16, 8), c.upFilters());
    assertEquals(3, c.dropoutRates().size());
  }

  @Test
  void wrongNumberOfDropoutRates_isRejectedWithCounts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UNetConfig.builder().dropoutRates(List.of(0.1f)).build());
    assertEquals("expected 5 dropoutRates (one per encoder level), found 1: [0.1]",
        e.getMessage());
  }

  @Test
  void dropoutRateOfOne_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UNetConfig.builder().dropoutRates(List.of(0f, 0f, 0f, 0f, 1f)).build());
    assertEquals("dropout rates must be in [0, 1), found [0.0, 0.0, 0.0, 0.0, 1.0]",
        e.getMessage());
  }

  @Test
  void singleForegroundClass_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UNetConfig.builder().numClasses(1).build());
    assertEquals("numClasses (m) must be at least 2, found 1", e.getMessage());
  }
}
