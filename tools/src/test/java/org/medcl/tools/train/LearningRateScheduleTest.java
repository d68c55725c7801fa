package org.medcl.tools.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  private static final double MIN = 1e-5;
  private static final double MAX = 1e-4;

  @Test
  void constant_isTheMaximum() {
    assertEquals(MAX, LearningRateSchedule.CONSTANT.rate(17.3, 0.5, MIN, MAX, 40));
  }

  @Test
  void triangular_risesToMaxAtHalfPeriodAndReturns() {
    LearningRateSchedule t = LearningRateSchedule.TRIANGULAR;
    assertEquals(MIN, t.rate(0, 0.2, MIN, MAX, 40), 1e-15);
    // A quarter period is half way up: min + (max - min) / 2 = 5.5e-5.
    assertEquals(5.5e-5, t.rate(10, 0.2, MIN, MAX, 40), 1e-15);
    assertEquals(MAX, t.rate(20, 0.2, MIN, MAX, 40), 1e-15);
    assertEquals(5.5e-5, t.rate(30, 0.2, MIN, MAX, 40), 1e-15);
    assertEquals(MIN, t.rate(40, 0.2, MIN, MAX, 40), 1e-15);
  }

  @Test
  void cosine_decaysFromMaxToMinOverTheBudget() {
    LearningRateSchedule c = LearningRateSchedule.COSINE;
    assertEquals(MAX, c.rate(0, 0, MIN, MAX, 40), 1e-15);
    // Half way: cos(pi/2) = 0, so the mean of min and max.
    assertEquals(5.5e-5, c.rate(3, 0.5, MIN, MAX, 40), 1e-15);
    // A quarter: min + (max - min) (1 + cos(pi/4)) / 2 = 1e-5 + 9e-5 * 0.853553 = 8.681981e-5.
    assertEquals(8.681981e-5, c.rate(3, 0.25, MIN, MAX, 40), 1e-10);
    assertEquals(MIN, c.rate(3, 1, MIN, MAX, 40), 1e-15);
    assertEquals(MIN, c.rate(3, 1.5, MIN, MAX, 40), 1e-15);
  }

  @Test
  void progress_isTheNearerOfTheEpochAndTimeLimits() {
    // 10 of 100 epochs, 30 of 60 minutes: the time budget is the nearer limit.
    assertEquals(0.5, LearningRateSchedule.progress(10, 100, 1800, 3600), 1e-15);
    // 80 of 100 epochs, 30 of 60 minutes: the epoch limit is.
    assertEquals(0.8, LearningRateSchedule.progress(80, 100, 1800, 3600), 1e-15);
    // No time budget: epochs only.
    assertEquals(0.1, LearningRateSchedule.progress(10, 100, 1800, 0), 1e-15);
    // Past the budget (the last step's overshoot) stays at 1.
    assertEquals(1.0, LearningRateSchedule.progress(10, 100, 3700, 3600), 1e-15);
  }

  @Test
  void unknownName_listsTheLegalOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LearningRateSchedule.parse("step"));
    assertEquals("unknown learning-rate schedule 'step', expected one of constant, triangular,"
        + " cosine", e.getMessage());
  }
}
