package org.medcl.graphs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MedianTest {
  @Test
  void oddAndEvenCounts_inputLeftAsItWas() {
    double[] odd = {5, 1, 3};
    assertEquals(3, Median.of(odd));
    assertArrayEquals(new double[] {5, 1, 3}, odd);
    // 2 and 4 in the middle: (2 + 4) / 2
    assertEquals(3, Median.of(new double[] {4, 8, 1, 2}));
  }

  @Test
  void noValues_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> Median.of(new double[0]));
  }
}
