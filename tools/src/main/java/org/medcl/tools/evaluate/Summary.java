package org.medcl.tools.evaluate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medcl.data.dataset.DatasetDescriptor.LabelClass;

/**
 * Mean and standard deviation over cases of each metric and class of one run, and tables of
 * runs in the paper's layout (rows are runs; columns are the classes, then their mean).
 *
 * <p>Statistics use the finite values only: NaN (a class missing from the prediction or the
 * ground truth of a case) is left out and counted. The standard deviation is the population one
 * (divisor n, numpy's default). The {@code mean} column is computed per case first, as the
 * average of that case's finite class values (NaN when none is finite), then averaged over the
 * cases like a class.
 *
 * <p>Cells read {@code 0.904 ± 0.021} (Dice, 3 decimals) or {@code 12.3 ± 4.5} (mm, 2 decimals),
 * followed by {@code (k NaN)} when k cases were left out; {@code n/a} when no value was finite.
 */
public final class Summary {
  /** Name of the column that averages the classes. */
  public static final String MEAN_COLUMN = "mean";

  /**
   * Statistics of one metric and column.
   *
   * @param mean mean of the finite values (NaN when none)
   * @param std population standard deviation of the finite values (NaN when none)
   * @param finite how many values were finite
   * @param nan how many were NaN and left out
   */
  public record Cell(double mean, double std, int finite, int nan) {

    /** Statistics of {@code values}, leaving out non-finite ones. */
    public static Cell of(List<Double> values) {
      double sum = 0;
      int n = 0;
      for (double v : values) {
        if (Double.isFinite(v)) {
          sum += v;
          n++;
        }
      }
      int nan = values.size() - n;
      if (n == 0) {
        return new Cell(Double.NaN, Double.NaN, 0, nan);
      }
      double mean = sum / n;
      double sq = 0;
      for (double v : values) {
        if (Double.isFinite(v)) {
          sq += (v - mean) * (v - mean);
        }
      }
      return new Cell(mean, Math.sqrt(sq / n), n, nan);
    }

    /** The cell as text, e.g. {@code 0.904 ± 0.021 (1 NaN)}. */
    public String format(int decimals) {
      String text = finite == 0 ? "n/a"
          : String.format(Locale.ROOT, "%." + decimals + "f ± %." + decimals + "f", mean, std);
      return nan > 0 ? text + " (" + nan + " NaN)" : text;
    }
  }

  private final String run;
  private final List<String> columns;
  private final int caseCount;
  private final Map<Metric, Map<String, Cell>> cells;

  private Summary(String run, List<String> columns, int caseCount,
      Map<Metric, Map<String, Cell>> cells) {
    this.run = run;
    this.columns = columns;
    this.caseCount = caseCount;
    this.cells = cells;
  }

  /** The summary of {@code report} under the row name {@code run}. */
  public static Summary of(String run, EvaluationReport report) {
    List<String> columns = new ArrayList<>();
    for (LabelClass c : report.classes()) {
      columns.add(c.name());
    }
    columns.add(MEAN_COLUMN);
    Map<Metric, Map<String, Cell>> cells = new EnumMap<>(Metric.class);
    for (Metric m : Metric.values()) {
      Map<String, Cell> byColumn = new LinkedHashMap<>();
      List<Double> caseMeans = new ArrayList<>();
      for (LabelClass c : report.classes()) {
        List<Double> values = new ArrayList<>();
        for (String id : report.caseIds()) {
          values.add(report.scores(id, c.value()).get(m));
        }
        byColumn.put(c.name(), Cell.of(values));
      }
      for (String id : report.caseIds()) {
        double sum = 0;
        int n = 0;
        for (LabelClass c : report.classes()) {
          double v = report.scores(id, c.value()).get(m);
          if (Double.isFinite(v)) {
            sum += v;
            n++;
          }
        }
        caseMeans.add(n == 0 ? Double.NaN : sum / n);
      }
      byColumn.put(MEAN_COLUMN, Cell.of(caseMeans));
      cells.put(m, byColumn);
    }
    return new Summary(run, List.copyOf(columns), report.caseIds().size(), cells);
  }

  /** The row name. */
  public String run() {
    return run;
  }

  /** The columns: the class names in report order, then {@link #MEAN_COLUMN}. */
  public List<String> columns() {
    return columns;
  }

  /** Number of cases summarised. */
  public int caseCount() {
    return caseCount;
  }

  /** The statistics of one metric and column (a class name or {@link #MEAN_COLUMN}). */
  public Cell cell(Metric metric, String column) {
    Cell c = cells.get(metric).get(column);
    if (c == null) {
      throw new IllegalArgumentException(
          "unknown column '" + column + "', expected one of " + columns);
    }
    return c;
  }

  /**
   * A Markdown table of one metric over runs, columns as in the first run, e.g.
   *
   * <pre>
   * | run | LV | MYO | RV | mean |
   * | --- | --- | --- | --- | --- |
   * | medcl | 0.904 ± 0.021 | 0.787 ± 0.040 | 0.804 ± 0.061 | 0.832 ± 0.030 |
   * </pre>
   *
   * @throws IllegalArgumentException if the runs have different columns
   */
  public static String table(List<Summary> runs, Metric metric) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("expected at least one run, found none");
    }
    List<String> cols = runs.get(0).columns;
    StringBuilder sb = new StringBuilder("| run |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (String c : cols) {
      sb.append(' ').append(c).append(" |");
      rule.append(" --- |");
    }
    sb.append('\n').append(rule).append('\n');
    int decimals = metric == Metric.DICE ? 3 : 2;
    for (Summary s : runs) {
      if (!s.columns.equals(cols)) {
        throw new IllegalArgumentException("run '" + s.run + "' has columns " + s.columns
            + ", expected " + cols);
      }
      sb.append("| ").append(s.run).append(" |");
      for (String c : cols) {
        sb.append(' ').append(s.cell(metric, c).format(decimals)).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Every metric's table for this run, each under a heading line, Dice first. */
  public String tables() {
    StringBuilder sb = new StringBuilder();
    for (Metric m : Metric.values()) {
      String unit = m.unit().isEmpty() ? "" : " (" + m.unit() + ")";
      sb.append(m.key().toUpperCase(Locale.ROOT).replace("DICE", "Dice")).append(unit)
          .append(", mean ± std over ").append(caseCount).append(" cases\n\n")
          .append(table(List.of(this), m)).append('\n');
    }
    return sb.toString();
  }
}
