package org.medcl.ops.mixing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MixingConfigTest {

  @Test
  void defaults_followTheMethod() {
    MixingConfig c = MixingConfig.defaults();
    assertEquals(0.5, c.alpha());
    assertEquals(0.0, c.minThetaDegrees());
    assertEquals(360.0, c.maxThetaDegrees());
    assertEquals(0.9, c.minBoxFraction());
    assertEquals(1.0, c.maxBoxFraction());
  }

  @Test
  void nonPositiveAlpha_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MixingConfig(0, 0, 360, 0.9, 1));
    assertEquals("expected a positive finite alpha, found 0.0", e.getMessage());
  }

  @Test
  void boxFractionAboveOne_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MixingConfig(0.5, 0, 360, 0.9, 1.2));
    assertEquals("expected 0 < minBoxFraction <= maxBoxFraction <= 1, found 0.9 and 1.2",
        e.getMessage());
  }

  @Test
  void reversedAngles_areRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MixingConfig(0.5, 10, 5, 0.9, 1));
    assertEquals("expected minThetaDegrees <= maxThetaDegrees, found 10.0 > 5.0",
        e.getMessage());
  }
}
