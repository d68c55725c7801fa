package org.medcl.tools.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassScoresTest {

  @Test
  void get_returnsTheFieldOfEachMetric() {
    ClassScores s = new ClassScores(0.9, 12.0, 7.5, 1.25);
    assertEquals(0.9, s.get(Metric.DICE));
    assertEquals(12.0, s.get(Metric.HD));
    assertEquals(7.5, s.get(Metric.HD95));
    assertEquals(1.25, s.get(Metric.ASSD));
  }

  @Test
  void emptyConventions_areDiceOneZeroAndDiceZeroNan() {
    assertEquals(new ClassScores(1, 0, 0, 0), ClassScores.BOTH_EMPTY);
    assertEquals(0.0, ClassScores.ONE_EMPTY.dice());
    assertTrue(Double.isNaN(ClassScores.ONE_EMPTY.hausdorff()));
    assertTrue(Double.isNaN(ClassScores.ONE_EMPTY.hausdorff95()));
    assertTrue(Double.isNaN(ClassScores.ONE_EMPTY.assd()));
  }
}
