package org.medcl.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepResultTest {

  @Test
  void asMap_listsEveryTermInOrder_andAllFiniteSpotsNaN() {
    StepResult r = new StepResult(3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertEquals(List.of("total", "mix", "map", "cluster", "ac", "scribble", "ce", "dice",
        "union_bce", "category"), List.copyOf(r.asMap().keySet()));
    assertEquals(9.0, r.asMap().get("union_bce"));
    assertTrue(r.allFinite());
    assertFalse(new StepResult(1, 1, 2, 3, 4, Double.NaN, 6, 7, 8, 9, 10).allFinite());
  }
}
