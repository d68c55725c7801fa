package org.medcl.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {

  /**
   * depth 1, base 2, one input channel, m = 2, 4 x 4 input, transposed up path, no conv bias.
   * Parameters: enc0/conv0 9*1*2 + 4 = 22, enc0/conv1 9*2*2 + 4 = 40, enc1/conv0 9*2*4 + 8 =
   * 80, enc1/conv1 9*4*4 + 8 = 152, dec0/up 2*2*4*2 + 4 = 36, dec0/conv0 9*4*2 + 4 = 76,
   * dec0/conv1 40, head/class 2*3 + 3 = 9, head/union 2*1 + 1 = 3: total 458, body 446.
   * Multiply-adds: 16*9*2 = 288, 16*9*4 = 576, 4*9*8 = 288, 4*9*16 = 576, up 16*4*2 = 128,
   * 16*9*8 = 1152, 576, head 16*2*3 = 96 and 16*2*1 = 32: total 3712.
   */
  @Test
  void tinyNetwork_countsMatchTheHandComputation() {
    UNetConfig cfg = UNetConfig.builder().depth(1).baseFilters(2).numClasses(2).build();
    ModelSummary s = ModelSummary.of(cfg, 4, 4);
    assertEquals(458, s.totalParameters());
    assertEquals(446, s.bodyParameters());
    assertEquals(3712, s.multiplyAdds());
    assertEquals(9, s.layers().size());
    assertEquals(new LayerInfo("dec0/up", List.of(4L, 4L, 2L), 36, 128, false),
        s.layers().get(4));
  }

  @Test
  void referencePreset_bodyHasTheAuthorsParameterCount() {
    ModelSummary s = ModelSummary.of(UNetConfig.reference(), 212, 212);
    assertEquals(25_759_128L, s.bodyParameters());
    assertTrue(s.toText().contains("trainable parameters 25,759,518 (body 25,759,128, head 390)"),
        s.toText());
  }

  @Test
  void nonPositiveSize_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelSummary.of(UNetConfig.small(), 0, 10));
    assertEquals("slice size must be positive, found 0 x 10", e.getMessage());
  }
}
