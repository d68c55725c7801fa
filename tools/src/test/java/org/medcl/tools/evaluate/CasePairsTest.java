package org.medcl.tools.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CasePairsTest {
  @TempDir Path dir;

  private Path folder(String name, String... files) throws IOException {
    Path f = Files.createDirectories(dir.resolve(name));
    for (String file : files) {
      Files.writeString(f.resolve(file), "");
    }
    return f;
  }

  @ParameterizedTest
  @CsvSource({
    "subject3_DE_pred.nii.gz, subject3",
    "subject3_DE.nii.gz, subject3",
    "subject3.nii.gz, subject3",
    "subject3_pred.nii, subject3",
    "case_07.nii.gz, case_07"
  })
  void predictionNames_giveTheSubjectId(String file, String id) {
    assertEquals(Optional.of(id), CasePairs.predictionId(file));
  }

  @ParameterizedTest
  @CsvSource({
    "subject3_DE_manual.nii.gz, subject3",
    "subject3_manual.nii.gz, subject3",
    "subject3.nii.gz, subject3"
  })
  void truthNames_giveTheSubjectId(String file, String id) {
    assertEquals(Optional.of(id), CasePairs.truthId(file));
  }

  @ParameterizedTest
  @CsvSource({"evaluation.csv", "summary.md", "subject3_DE_prob.nii.gz", "subject3.nii.gz.tmp"})
  void otherFiles_areNotConsidered(String file) {
    assertEquals(Optional.empty(), CasePairs.predictionId(file));
  }

  @Test
  void matchingFolders_givePairsInNaturalOrder() throws IOException, EvaluationException {
    Path pred = folder("pred", "subject10_DE_pred.nii.gz", "subject2_DE_pred.nii.gz",
        "evaluation.csv", "subject2_DE_prob.nii.gz");
    Path gt = folder("gt", "subject2_DE_manual.nii.gz", "subject10_DE_manual.nii.gz");
    List<CasePairs.Pair> pairs = CasePairs.match(pred, gt);
    assertEquals(2, pairs.size());
    assertEquals(new CasePairs.Pair("subject2", pred.resolve("subject2_DE_pred.nii.gz"),
        gt.resolve("subject2_DE_manual.nii.gz")), pairs.get(0));
    assertEquals("subject10", pairs.get(1).id());
  }

  @Test
  void predictionWithoutTruth_isReportedNamingTheFile() throws IOException {
    Path pred = folder("pred", "subject1.nii.gz", "subject2.nii.gz");
    Path gt = folder("gt", "subject1_DE_manual.nii.gz");
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> CasePairs.match(pred, gt));
    assertEquals(pred.resolve("subject2.nii.gz"), e.file());
    assertTrue(e.getMessage().startsWith(pred.resolve("subject2.nii.gz")
        + ": no ground truth for subject 'subject2', expected "
        + gt.resolve("subject2_DE_manual.nii.gz")), e.getMessage());
  }

  @Test
  void truthWithoutPrediction_isReportedNamingTheFile() throws IOException {
    Path pred = folder("pred", "subject1.nii.gz");
    Path gt = folder("gt", "subject1_DE_manual.nii.gz", "subject4_DE_manual.nii.gz");
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> CasePairs.match(pred, gt));
    assertEquals(gt.resolve("subject4_DE_manual.nii.gz"), e.file());
    assertTrue(e.getMessage().contains("no prediction for subject 'subject4'"), e.getMessage());
  }

  @Test
  void twoPredictionsOfOneSubject_areRefused() throws IOException {
    Path pred = folder("pred", "subject1.nii.gz", "subject1_DE_pred.nii.gz");
    Path gt = folder("gt", "subject1_DE_manual.nii.gz");
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> CasePairs.match(pred, gt));
    assertTrue(e.getMessage().contains("same subject id 'subject1' as "), e.getMessage());
  }

  @Test
  void missingFolder_isReported() throws IOException {
    Path gt = folder("gt", "subject1_DE_manual.nii.gz");
    Path missing = dir.resolve("nope");
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> CasePairs.match(missing, gt));
    assertEquals(missing + ": prediction folder not found, expected a folder of NIfTI files",
        e.getMessage());
  }

  @Test
  void folderWithoutNifti_isReported() throws IOException {
    Path pred = folder("pred", "notes.txt");
    Path gt = folder("gt", "subject1_DE_manual.nii.gz");
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> CasePairs.match(pred, gt));
    assertEquals(pred + ": no prediction files (*.nii.gz or *.nii) found", e.getMessage());
  }

  @Test
  void naturalOrder_comparesDigitRunsAsNumbers() {
    assertTrue(CasePairs.naturalCompare("subject2", "subject10") < 0);
    assertTrue(CasePairs.naturalCompare("subject10", "subject9") > 0);
    assertTrue(CasePairs.naturalCompare("a", "b") < 0);
    assertEquals(0, CasePairs.naturalCompare("s01", "s01"));
  }
}
