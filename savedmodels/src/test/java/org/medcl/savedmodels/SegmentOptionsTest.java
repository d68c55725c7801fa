package org.medcl.savedmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SegmentOptionsTest {

  @Test
  void defaults_noTtaBatchFourWithProbabilities() {
    assertEquals(new SegmentOptions(false, 4, true), SegmentOptions.DEFAULT);
    assertTrue(new SegmentOptions(true, 2).probabilities());
  }

  @Test
  void batchBelowOne_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SegmentOptions(false, 0));
    assertEquals("batch size must be at least 1, found 0", e.getMessage());
  }
}
