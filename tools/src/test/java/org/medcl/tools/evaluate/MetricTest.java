package org.medcl.tools.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricTest {

  @Test
  void keys_areLowerCaseAndParseBackIgnoringCase() {
    assertEquals(Metric.HD95, Metric.fromKey("HD95"));
    assertEquals("assd", Metric.ASSD.key());
    assertEquals("mm", Metric.HD.unit());
    assertEquals("", Metric.DICE.unit());
  }

  @Test
  void unknownKey_listsTheLegalOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Metric.fromKey("iou"));
    assertEquals("unknown metric 'iou', expected one of [dice, hd, hd95, assd]", e.getMessage());
  }
}
