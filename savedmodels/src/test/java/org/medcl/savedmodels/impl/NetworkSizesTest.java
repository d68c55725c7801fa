package org.medcl.savedmodels.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medcl.models.UNet;
import org.medcl.models.UNetConfig;

class NetworkSizesTest {

  @Test
  void samePadding_takesEverySide() {
    NetworkSizes s = NetworkSizes.of(UNetConfig.small());
    assertEquals(new NetworkSizes(1, 1), s);
    assertEquals(287, s.padded(287));
  }

  @Test
  void referencePreset_mapsSidesOf212Plus16k() {
    // 212 + 2 * 92 = 396 -> 388 -> 194 ... -> 212 (the authors' net); any side 16k apart keeps
    // every pooling even, so 212 - 13 * 16 = 4 is the smallest and 212 and 308 are mapped.
    NetworkSizes s = NetworkSizes.of(UNetConfig.reference());
    assertEquals(16, s.period());
    assertEquals(4, s.first());
    assertEquals(212, s.padded(212));
    assertEquals(212, s.padded(197));
    assertEquals(228, s.padded(213));
    assertEquals(308, s.padded(300));
    assertEquals(4, s.padded(1));
    assertTrue(UNet.bodyOutputSize(UNetConfig.reference(), 308) >= 308);
  }
}
