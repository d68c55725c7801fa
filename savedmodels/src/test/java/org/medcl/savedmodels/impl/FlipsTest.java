package org.medcl.savedmodels.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FlipsTest {
  /** [2, 2, 3, 2] with value = flat index. */
  private static float[] data() {
    float[] d = new float[2 * 2 * 3 * 2];
    for (int i = 0; i < d.length; i++) {
      d[i] = i;
    }
    return d;
  }

  @Test
  void leftRight_mirrorsColumnsAndKeepsChannels() {
    float[] f = Flips.flip(data(), 2, 2, 3, 2, Flips.LEFT_RIGHT);
    // pixel (y 0, x 0) of image 0 takes (y 0, x 2): flat (0 * 3 + 2) * 2 = 4, channels 4 and 5
    assertEquals(4f, f[0]);
    assertEquals(5f, f[1]);
    // image 1, (y 1, x 1) stays: flat ((1 * 2 + 1) * 3 + 1) * 2 = 20
    assertEquals(20f, f[20]);
  }

  @Test
  void upDown_mirrorsRows() {
    float[] f = Flips.flip(data(), 2, 2, 3, 2, Flips.UP_DOWN);
    // (y 0, x 0) of image 0 takes (y 1, x 0): flat (1 * 3 + 0) * 2 = 6
    assertEquals(6f, f[0]);
    // image 1 row 0 takes image 1 row 1: flat ((1 * 2 + 1) * 3) * 2 = 18 at 12
    assertEquals(18f, f[12]);
  }

  @Test
  void eachFlip_isItsOwnInverse() {
    for (int mode : new int[] {Flips.LEFT_RIGHT, Flips.UP_DOWN}) {
      assertArrayEquals(data(), Flips.flip(Flips.flip(data(), 2, 2, 3, 2, mode), 2, 2, 3, 2,
          mode));
    }
  }

  @Test
  void badModeOrLength_isRejected() {
    IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
        () -> Flips.flip(data(), 2, 2, 3, 2, 3));
    assertEquals("flip mode 3, expected 1 (left-right) or 2 (up-down)", mode.getMessage());
    IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
        () -> Flips.flip(data(), 2, 2, 3, 1, 1));
    assertEquals("expected 12 values (n*h*w*ch), found 24", len.getMessage());
  }
}
