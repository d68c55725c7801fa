package org.medcl.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseIdsTest {
  @Test
  void digitRuns_compareByValue() {
    List<String> ids = new ArrayList<>(List.of("subject13", "subject2", "subject100",
        "subject02x", "case", "subject2a"));
    ids.sort(CaseIds.NATURAL);
    // 2 = 02 by value, then 'a' < 'x' decides; "subject2" is a prefix of both and comes first
    assertEquals(List.of("case", "subject2", "subject2a", "subject02x", "subject13",
        "subject100"), ids);
  }
}
