package org.medcl.tools.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.dataset.DatasetDescriptor.LabelClass;

class EvaluationReportTest {
  private static final List<LabelClass> CLASSES =
      List.of(new LabelClass("LV", 3), new LabelClass("RV", 1));

  @TempDir Path dir;

  private static EvaluationReport twoCases() {
    EvaluationReport r = new EvaluationReport(CLASSES);
    r.add("subject1", Map.of(3, new ClassScores(0.5, 2.0, 1.5, 0.25), 1, ClassScores.BOTH_EMPTY));
    r.add("subject2", Map.of(1, new ClassScores(0.75, 4.0, 3.0, 1.0), 3, ClassScores.ONE_EMPTY));
    return r;
  }

  @Test
  void rows_followCaseThenClassOrder() {
    List<EvaluationReport.Row> rows = twoCases().rows();
    assertEquals(4, rows.size());
    assertEquals(new EvaluationReport.Row("subject1", 3, "LV",
        new ClassScores(0.5, 2.0, 1.5, 0.25)), rows.get(0));
    assertEquals("RV", rows.get(1).className());
    assertEquals("subject2", rows.get(2).caseId());
  }

  @Test
  void csv_hasOneRowPerCaseAndClassWithNanSpelledOut() throws IOException {
    Path csv = dir.resolve("out/evaluation.csv");
    twoCases().writeCsv(csv);
    assertEquals(List.of(
        "case,label,class,dice,hd,hd95,assd",
        "subject1,3,LV,0.5,2.0,1.5,0.25",
        "subject1,1,RV,1.0,0.0,0.0,0.0",
        "subject2,3,LV,0.0,NaN,NaN,NaN",
        "subject2,1,RV,0.75,4.0,3.0,1.0"), Files.readAllLines(csv));
    assertFalse(Files.exists(dir.resolve("out/evaluation.csv.tmp")));
  }

  @Test
  void csv_readsBackToTheSameScores() throws IOException {
    Path csv = dir.resolve("evaluation.csv");
    EvaluationReport written = twoCases();
    written.writeCsv(csv);
    EvaluationReport read = EvaluationReport.readCsv(csv);
    assertEquals(written.classes(), read.classes());
    assertEquals(written.rows(), read.rows());
  }

  @Test
  void csvWithOtherHeader_isRefusedNamingTheFile() throws IOException {
    Path csv = dir.resolve("other.csv");
    Files.writeString(csv, "step,loss\n1,2\n");
    IOException e = assertThrows(IOException.class, () -> EvaluationReport.readCsv(csv));
    assertEquals(csv + ": expected the header '" + EvaluationReport.CSV_HEADER
        + "', found 'step,loss'", e.getMessage());
  }

  @Test
  void json_isStandardWithNullForNan() throws IOException {
    Path json = dir.resolve("evaluation.json");
    twoCases().writeJson(json);
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertEquals("LV", root.get("classes").get(0).get("name").asText());
    JsonNode lv2 = root.get("cases").get(1).get("scores").get("LV");
    assertEquals(3, lv2.get("label").asInt());
    assertEquals(0.0, lv2.get("dice").asDouble());
    assertTrue(lv2.get("hd95").isNull());
    assertEquals(0.25, root.get("cases").get(0).get("scores").get("LV").get("assd").asDouble());
    // Summary of LV HD95: values 1.5 and NaN, so mean 1.5, std 0, one finite, one NaN.
    JsonNode lvHd95 = root.get("summary").get("hd95").get("LV");
    assertEquals(1.5, lvHd95.get("mean").asDouble());
    assertEquals(0.0, lvHd95.get("std").asDouble());
    assertEquals(1, lvHd95.get("finite").asInt());
    assertEquals(1, lvHd95.get("nan").asInt());
    // Dice mean column: case means (0.5 + 1) / 2 = 0.75 and (0 + 0.75) / 2 = 0.375.
    assertEquals(0.5625, root.get("summary").get("dice").get("mean").get("mean").asDouble(),
        1e-12);
  }

  @Test
  void repeatedCase_isRefused() {
    EvaluationReport r = twoCases();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> r.add("subject1", Map.of(1, ClassScores.BOTH_EMPTY, 3, ClassScores.BOTH_EMPTY)));
    assertEquals("case 'subject1' is already in the report", e.getMessage());
  }

  @Test
  void missingClass_isRefusedNamingIt() {
    EvaluationReport r = new EvaluationReport(CLASSES);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> r.add("s", Map.of(3, ClassScores.BOTH_EMPTY)));
    assertEquals("case 's' has no scores for class RV (label 1), found labels [3]",
        e.getMessage());
  }

  @Test
  void repeatedClassValue_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EvaluationReport(List.of(new LabelClass("A", 1), new LabelClass("B", 1))));
    assertEquals("expected distinct class names and values, found A=1, B=1", e.getMessage());
  }
}
