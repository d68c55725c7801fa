package org.medcl.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdamSettingsTest {

  @Test
  void defaults_areTheUsualConstants() {
    assertEquals(new AdamSettings(0.9f, 0.999f, 1e-8f), AdamSettings.defaults());
  }

  @Test
  void betaOfOne_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AdamSettings(1f, 0.999f, 1e-8f));
    assertEquals("Adam betas must be in [0, 1), found 1.0, 0.999", e.getMessage());
  }
}
