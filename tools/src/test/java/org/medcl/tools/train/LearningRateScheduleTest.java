package org.medcl.tools.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  private static final double MIN = 1e-5;
  private static final double MAX = 1e-4;

  @Test
  void constant_isTheMaximum() {
    assertEquals(MAX, LearningRateSchedule.CONSTANT.rate(17.3, 100, MIN, MAX, 40));
  }

  @Test
  void triangular_risesToMaxAtHalfPeriodAndReturns() {
    LearningRateSchedule t = LearningRateSchedule.TRIANGULAR;
    assertEquals(MIN, t.rate(0, 100, MIN, MAX, 40), 1e-15);
    // A quarter period is half way up: min + (max - min) / 2 = 5.5e-5.
    assertEquals(5.5e-5, t.rate(10, 100, MIN, MAX, 40), 1e-15);
    assertEquals(MAX, t.rate(20, 100, MIN, MAX, 40), 1e-15);
    assertEquals(5.5e-5, t.rate(30, 100, MIN, MAX, 40), 1e-15);
    assertEquals(MIN, t.rate(40, 100, MIN, MAX, 40), 1e-15);
  }

  @Test
  void cosine_decaysFromMaxToMin() {
    LearningRateSchedule c = LearningRateSchedule.COSINE;
    assertEquals(MAX, c.rate(0, 100, MIN, MAX, 40), 1e-15);
    // Half way: cos(pi/2) = 0, so the mean of min and max.
    assertEquals(5.5e-5, c.rate(50, 100, MIN, MAX, 40), 1e-15);
    assertEquals(MIN, c.rate(100, 100, MIN, MAX, 40), 1e-15);
  }

  @Test
  void unknownName_listsTheLegalOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LearningRateSchedule.parse("step"));
    assertTrue(e.getMessage().contains("[constant, triangular, cosine]"), e.getMessage());
  }
}
