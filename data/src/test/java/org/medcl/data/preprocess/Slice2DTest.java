package org.medcl.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Slice2DTest {
  @Test
  void labelBytes_areReadUnsigned() {
    Slice2D s = new Slice2D("c", 0, 1, 2, 1, new float[2], new byte[] {(byte) 200, 3});
    assertEquals(200, s.label(0, 0));
  }

  @Test
  void imageOfWrongLength_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Slice2D("c", 0, 2, 2, 3, new float[4], null));
    assertEquals("image has 4 values, expected 12 for 2 x 2 x 3", e.getMessage());
  }
}
