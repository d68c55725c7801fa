package org.medcl.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SliceConfigTest {
  @Test
  void default_is212SquareWithoutResampling() {
    assertEquals(212, SliceConfig.DEFAULT.height());
    assertEquals(212, SliceConfig.DEFAULT.width());
    assertFalse(SliceConfig.DEFAULT.resamples());
    assertTrue(SliceConfig.DEFAULT.withTargetSpacing(1).resamples());
  }

  @Test
  void negativeSpacing_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SliceConfig.DEFAULT.withTargetSpacing(-1));
    assertEquals("target spacing -1.0 mm, expected > 0, or 0 for none", e.getMessage());
  }
}
