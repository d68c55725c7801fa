package org.medcl.tools.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medcl.data.dataset.DatasetDescriptor.LabelClass;
import org.medcl.tools.report.MetricsCsv;

/**
 * Scores of every case and class of one evaluation, with CSV and JSON writers.
 *
 * <p>The classes (name and label value) are fixed at construction and give the order of the
 * columns; cases keep the order in which they are added. Both writers write a temporary
 * sibling and rename it over the target, so no reader sees half a file.
 *
 * <ul>
 *   <li>CSV: header {@code case,label,class,dice,hd,hd95,assd}, one row per case and class,
 *       distances in mm, NaN written as {@code NaN}.
 *   <li>JSON: {@code {"classes": [{"name", "label"}], "conventions": {...}, "cases":
 *       [{"case": id, "scores": {name: {"label", "dice", "hd", "hd95", "assd"}}}], "summary":
 *       {metric: {column: {"mean", "std", "finite", "nan"}}}}}, the summary being {@link
 *       Summary}'s; NaN values are written as {@code null} so the file stays standard JSON.
 * </ul>
 */
public final class EvaluationReport {
  /** The CSV header. */
  public static final String CSV_HEADER = "case,label,class,dice,hd,hd95,assd";

  /**
   * One case and class.
   *
   * @param caseId the subject id
   * @param label the class's label value
   * @param className the class's name
   * @param scores its scores
   */
  public record Row(String caseId, int label, String className, ClassScores scores) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final List<LabelClass> classes;
  private final Map<String, Map<Integer, ClassScores>> cases = new LinkedHashMap<>();

  /**
   * An empty report over {@code classes}, in column order.
   *
   * @throws IllegalArgumentException if the list is empty or repeats a name or a value
   */
  public EvaluationReport(List<LabelClass> classes) {
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("expected at least one class, found none");
    }
    Set<String> names = new HashSet<>();
    Set<Integer> values = new HashSet<>();
    for (LabelClass c : classes) {
      if (!names.add(c.name()) || !values.add(c.value())) {
        throw new IllegalArgumentException(
            "expected distinct class names and values, found " + describe(classes));
      }
    }
    this.classes = List.copyOf(classes);
  }

  /** The classes, in column order. */
  public List<LabelClass> classes() {
    return classes;
  }

  /** The label values of the classes, in column order. */
  public int[] labels() {
    return classes.stream().mapToInt(LabelClass::value).toArray();
  }

  /**
   * Adds a case.
   *
   * @param scores scores by label value, one for every class of the report
   * @throws IllegalArgumentException if the case exists or a class is missing
   */
  public void add(String caseId, Map<Integer, ClassScores> scores) {
    if (cases.containsKey(caseId)) {
      throw new IllegalArgumentException("case '" + caseId + "' is already in the report");
    }
    Map<Integer, ClassScores> copy = new LinkedHashMap<>();
    for (LabelClass c : classes) {
      ClassScores s = scores.get(c.value());
      if (s == null) {
        throw new IllegalArgumentException("case '" + caseId + "' has no scores for class "
            + c.name() + " (label " + c.value() + "), found labels " + scores.keySet());
      }
      copy.put(c.value(), s);
    }
    cases.put(caseId, Collections.unmodifiableMap(copy));
  }

  /** The case ids, in the order added. */
  public List<String> caseIds() {
    return List.copyOf(cases.keySet());
  }

  /** The scores of one case and class. */
  public ClassScores scores(String caseId, int label) {
    Map<Integer, ClassScores> c = cases.get(caseId);
    if (c == null || !c.containsKey(label)) {
      throw new IllegalArgumentException(
          "no scores for case '" + caseId + "' and label " + label + " in the report");
    }
    return c.get(label);
  }

  /** Every case and class, cases in the order added, classes in column order. */
  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Map<Integer, ClassScores>> e : cases.entrySet()) {
      for (LabelClass c : classes) {
        rows.add(new Row(e.getKey(), c.value(), c.name(), e.getValue().get(c.value())));
      }
    }
    return rows;
  }

  /** Writes the CSV to {@code file}. */
  public void writeCsv(Path file) throws IOException {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
    for (Row r : rows()) {
      sb.append(csvField(r.caseId())).append(',').append(r.label()).append(',')
          .append(csvField(r.className()));
      for (Metric m : Metric.values()) {
        sb.append(',').append(r.scores().get(m));
      }
      sb.append('\n');
    }
    writeAtomically(file, sb.toString());
  }

  /**
   * Reads a CSV written by {@link #writeCsv}, e.g. to tabulate several runs with {@link
   * Summary#table}. The classes are those of the first case, in its order.
   *
   * @throws IOException naming the file if it is not such a CSV
   */
  public static EvaluationReport readCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(CSV_HEADER)) {
      throw new IOException(file + ": expected the header '" + CSV_HEADER + "', found '"
          + (lines.isEmpty() ? "" : lines.get(0)) + "'");
    }
    Map<String, Map<Integer, ClassScores>> byCase = new LinkedHashMap<>();
    List<LabelClass> classes = new ArrayList<>();
    String firstCase = null;
    try {
      for (Map<String, String> row : MetricsCsv.read(file)) {
        String id = row.get("case");
        int label = Integer.parseInt(row.get("label"));
        if (firstCase == null) {
          firstCase = id;
        }
        if (id.equals(firstCase)) {
          classes.add(new LabelClass(row.get("class"), label));
        }
        ClassScores scores = new ClassScores(Double.parseDouble(row.get("dice")),
            Double.parseDouble(row.get("hd")), Double.parseDouble(row.get("hd95")),
            Double.parseDouble(row.get("assd")));
        byCase.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(label, scores);
      }
      EvaluationReport report = new EvaluationReport(classes);
      byCase.forEach(report::add);
      return report;
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": not an evaluation CSV: " + e.getMessage(), e);
    }
  }

  /** Writes the JSON to {@code file}. */
  public void writeJson(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode cls = root.putArray("classes");
    for (LabelClass c : classes) {
      cls.addObject().put("name", c.name()).put("label", c.value());
    }
    ObjectNode conv = root.putObject("conventions");
    conv.put("units", "mm");
    conv.put("surface", "foreground voxels with a 6-connected background neighbour");
    conv.put("hd95", "95th percentile of the union of both directed distance sets (medpy)");
    conv.put("assd", "mean of the two directed mean surface distances (medpy)");
    conv.put("empty", "both empty: dice 1, distances 0; one empty: dice 0, distances null");
    ArrayNode list = root.putArray("cases");
    for (Map.Entry<String, Map<Integer, ClassScores>> e : cases.entrySet()) {
      ObjectNode c = list.addObject();
      c.put("case", e.getKey());
      ObjectNode scores = c.putObject("scores");
      for (LabelClass k : classes) {
        ClassScores s = e.getValue().get(k.value());
        ObjectNode o = scores.putObject(k.name());
        o.put("label", k.value());
        for (Metric m : Metric.values()) {
          putFinite(o, m.key(), s.get(m));
        }
      }
    }
    ObjectNode summary = root.putObject("summary");
    Summary stats = Summary.of("", this);
    for (Metric m : Metric.values()) {
      ObjectNode byColumn = summary.putObject(m.key());
      for (String column : stats.columns()) {
        Summary.Cell cell = stats.cell(m, column);
        ObjectNode o = byColumn.putObject(column);
        putFinite(o, "mean", cell.mean());
        putFinite(o, "std", cell.std());
        o.put("finite", cell.finite());
        o.put("nan", cell.nan());
      }
    }
    writeAtomically(file, JSON.writeValueAsString(root) + "\n");
  }

  private static void putFinite(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }

  /** Writes {@code text} as UTF-8 to a temporary sibling of {@code file}, then renames it. */
  static void writeAtomically(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static String describe(List<LabelClass> classes) {
    List<String> parts = new ArrayList<>();
    for (LabelClass c : classes) {
      parts.add(c.name() + "=" + c.value());
    }
    return String.join(", ", parts);
  }

  private static String csvField(String s) {
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
