package org.medcl.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LossWeightsTest {

  @Test
  void defaults_areAllOne() {
    assertEquals(new LossWeights(1, 1, 1, 1, 1), LossWeights.defaults());
  }

  @Test
  void negativeWeight_isRejectedListingAll() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LossWeights(1, -1, 1, 1, 1));
    assertEquals("loss weights must be finite and >= 0, found mix=1.0 cluster=-1.0 ac=1.0"
        + " scribble=1.0 category=1.0", e.getMessage());
  }

  @Test
  void allZero_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LossWeights(0, 0, 0, 0, 0));
    assertEquals("at least one loss weight must be positive", e.getMessage());
  }
}
