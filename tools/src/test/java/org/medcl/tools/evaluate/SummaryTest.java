package org.medcl.tools.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcl.data.dataset.DatasetDescriptor.LabelClass;

class SummaryTest {
  private static final List<LabelClass> CLASSES =
      List.of(new LabelClass("LV", 3), new LabelClass("RV", 1));
  private static final double EPS = 1e-12;

  /**
   * Two cases. LV Dice 0.9 and 0.7: mean 0.8, population std 0.1. RV Dice 0.6 and 0.0 (RV
   * missing from case 2, so its distances are NaN). Per-case means of Dice: 0.75 and 0.35, so
   * the mean column is 0.55 ± 0.2. HD95: LV 10 and 20 (15 ± 5); RV 4 and NaN (4 ± 0, 1 NaN);
   * per-case means (10 + 4) / 2 = 7 and 20 (only LV finite): 13.5 ± 6.5.
   */
  private static EvaluationReport report() {
    EvaluationReport r = new EvaluationReport(CLASSES);
    r.add("a", Map.of(3, new ClassScores(0.9, 12, 10, 2), 1, new ClassScores(0.6, 5, 4, 1)));
    r.add("b", Map.of(3, new ClassScores(0.7, 25, 20, 3), 1, ClassScores.ONE_EMPTY));
    return r;
  }

  @Test
  void classCells_averageFiniteValuesWithPopulationStd() {
    Summary s = Summary.of("run", report());
    Summary.Cell lv = s.cell(Metric.DICE, "LV");
    assertEquals(0.8, lv.mean(), EPS);
    assertEquals(0.1, lv.std(), EPS);
    assertEquals(2, lv.finite());
    assertEquals(0, lv.nan());
    Summary.Cell rv95 = s.cell(Metric.HD95, "RV");
    assertEquals(new Summary.Cell(4, 0, 1, 1), rv95);
  }

  @Test
  void meanColumn_averagesEachCaseFirst() {
    Summary s = Summary.of("run", report());
    assertEquals(0.55, s.cell(Metric.DICE, Summary.MEAN_COLUMN).mean(), EPS);
    assertEquals(0.2, s.cell(Metric.DICE, Summary.MEAN_COLUMN).std(), EPS);
    assertEquals(13.5, s.cell(Metric.HD95, Summary.MEAN_COLUMN).mean(), EPS);
    assertEquals(6.5, s.cell(Metric.HD95, Summary.MEAN_COLUMN).std(), EPS);
  }

  @Test
  void table_hasThePapersLayoutAndCountsNan() {
    String table = Summary.table(List.of(Summary.of("medcl", report())), Metric.HD95);
    assertEquals("| run | LV | RV | mean |\n"
        + "| --- | --- | --- | --- |\n"
        + "| medcl | 15.00 ± 5.00 | 4.00 ± 0.00 (1 NaN) | 13.50 ± 6.50 |\n", table);
    String dice = Summary.table(List.of(Summary.of("medcl", report())), Metric.DICE);
    assertTrue(dice.contains("| medcl | 0.800 ± 0.100 | 0.300 ± 0.300 | 0.550 ± 0.200 |"),
        dice);
  }

  @Test
  void allNan_isShownAsNotAvailable() {
    assertEquals("n/a (3 NaN)",
        Summary.Cell.of(Arrays.asList(Double.NaN, Double.NaN, Double.NaN)).format(2));
  }

  @Test
  void tables_listEveryMetricWithTheCaseCount() {
    String text = Summary.of("medcl", report()).tables();
    assertTrue(text.startsWith("Dice, mean ± std over 2 cases\n\n| run | LV | RV | mean |"),
        text);
    assertTrue(text.contains("HD95 (mm), mean ± std over 2 cases"), text);
    assertTrue(text.contains("ASSD (mm)"), text);
  }

  @Test
  void runsWithOtherColumns_areRefused() {
    EvaluationReport other = new EvaluationReport(List.of(new LabelClass("MYO", 2)));
    other.add("a", Map.of(2, ClassScores.BOTH_EMPTY));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Summary.table(List.of(Summary.of("x", report()), Summary.of("y", other)),
            Metric.DICE));
    assertEquals("run 'y' has columns [MYO, mean], expected [LV, RV, mean]", e.getMessage());
  }

  @Test
  void unknownColumn_isRefusedListingTheColumns() {
    Summary s = Summary.of("run", report());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.cell(Metric.DICE, "MYO"));
    assertEquals("unknown column 'MYO', expected one of [LV, RV, mean]", e.getMessage());
  }
}
