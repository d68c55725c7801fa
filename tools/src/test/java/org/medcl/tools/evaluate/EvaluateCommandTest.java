package org.medcl.tools.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.Geometry;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiDatatype;
import org.medcl.data.nifti.NiftiWriter;
import picocli.CommandLine;

class EvaluateCommandTest {
  private static final int NX = 6;
  private static final int NY = 5;
  private static final int NZ = 3;

  @TempDir Path dir;
  private Path pred;
  private Path gt;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new EvaluateCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private static void box(float[] v, int label, int x0, int x1, int y0, int y1, int z0, int z1) {
    for (int z = z0; z <= z1; z++) {
      for (int y = y0; y <= y1; y++) {
        for (int x = x0; x <= x1; x++) {
          v[x + NX * (y + NY * z)] = label;
        }
      }
    }
  }

  private static void write(float[] labels, Path file) throws IOException {
    Volume v = Volume.builder().dims(NX, NY, NZ).geometry(Geometry.ofSpacing(0.75, 0.75, 5))
        .data(labels).build();
    NiftiWriter.write(v, file, NiftiWriter.Options.of(NiftiDatatype.UINT8));
  }

  /** RV: 2 x 2 x 3 = 12 voxels; MYO: 3 x 5 in slice 1 = 15 voxels; LV: one voxel. */
  private static float[] truth() {
    float[] v = new float[NX * NY * NZ];
    box(v, 1, 0, 1, 0, 1, 0, 2);
    box(v, 2, 3, 5, 0, 4, 1, 1);
    v[4 + NX * (2 + NY * 2)] = 3;
    return v;
  }

  /**
   * subject1 is predicted exactly. subject2 keeps RV, keeps 6 of the 15 MYO voxels (Dice
   * 2 * 6 / 21 = 0.5714) and misses LV (Dice 0, distances NaN).
   */
  @BeforeEach
  void volumes() throws IOException {
    pred = Files.createDirectories(dir.resolve("pred"));
    gt = Files.createDirectories(dir.resolve("gt"));
    write(truth(), gt.resolve("subject1_DE_manual.nii.gz"));
    write(truth(), gt.resolve("subject2_DE_manual.nii.gz"));
    write(truth(), pred.resolve("subject1_DE_pred.nii.gz"));
    float[] p2 = new float[NX * NY * NZ];
    box(p2, 1, 0, 1, 0, 1, 0, 2);
    box(p2, 2, 3, 5, 0, 1, 1, 1);
    write(p2, pred.resolve("subject2_DE_pred.nii.gz"));
  }

  @Test
  void twoCases_printThePaperTableAndWriteReports() throws IOException {
    int code = run("--pred", pred.toString(), "--gt", gt.toString(), "--name", "medcl");
    assertEquals(0, code, err.toString());
    String text = out.toString();
    // Dice: LV 1 and 0 -> 0.500 ± 0.500; MYO 1 and 0.5714 -> 0.786 ± 0.214; RV 1 and 1.
    // Per-case means 1 and (0 + 0.5714 + 1) / 3 = 0.5238 -> 0.762 ± 0.238.
    assertTrue(text.contains("| run | LV | MYO | RV | mean |"), text);
    assertTrue(text.contains(
        "| medcl | 0.500 ± 0.500 | 0.786 ± 0.214 | 1.000 ± 0.000 | 0.762 ± 0.238 |"), text);
    // HD95 of LV: 0 for subject1, NaN for subject2.
    assertTrue(text.contains("| medcl | 0.00 ± 0.00 (1 NaN) |"), text);
    List<String> csv = Files.readAllLines(pred.resolve(EvaluateCommand.CSV_FILE));
    assertEquals(1 + 2 * 3, csv.size());
    assertEquals("subject2,3,LV,0.0,NaN,NaN,NaN", csv.get(4));
    assertTrue(csv.get(5).startsWith("subject2,2,MYO,0.5714285714285714,"), csv.get(5));
    assertTrue(Files.exists(pred.resolve(EvaluateCommand.JSON_FILE)));
    assertTrue(Files.readString(pred.resolve(EvaluateCommand.SUMMARY_FILE))
        .contains("| medcl | 0.500 ± 0.500 |"));
  }

  @Test
  void outputFolder_receivesTheReports() {
    Path reports = dir.resolve("reports");
    int code = run("--pred", pred.toString(), "--gt", gt.toString(), "--output",
        reports.toString());
    assertEquals(0, code, err.toString());
    assertTrue(Files.exists(reports.resolve(EvaluateCommand.CSV_FILE)));
    assertTrue(out.toString().contains("| pred |"), out.toString());
  }

  @Test
  void classesOption_selectsAndNamesTheColumns() {
    int code = run("--pred", pred.toString(), "--gt", gt.toString(), "--classes", "cavity=3");
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains("| run | cavity | mean |"), out.toString());
  }

  @Test
  void descriptorNearTheTruth_namesTheClasses() throws IOException {
    Files.writeString(dir.resolve("medcl-dataset.json"), "{\"name\": \"toy\", \"background\": 0,"
        + " \"classes\": {\"a\": 1, \"b\": 2, \"c\": 3}, \"channels\": [\"MR\"]}");
    int code = run("--pred", pred.toString(), "--gt", gt.toString());
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains("| run | c | b | a | mean |"), out.toString());
  }

  @Test
  void missingTruth_exitsOneNamingTheFile() throws IOException {
    Files.delete(gt.resolve("subject2_DE_manual.nii.gz"));
    int code = run("--pred", pred.toString(), "--gt", gt.toString());
    assertEquals(1, code);
    assertTrue(err.toString().contains(pred.resolve("subject2_DE_pred.nii.gz")
        + ": no ground truth for subject 'subject2'"), err.toString());
  }

  @Test
  void missingPredictionFolder_exitsOne() {
    Path missing = dir.resolve("missing");
    int code = run("--pred", missing.toString(), "--gt", gt.toString());
    assertEquals(1, code);
    assertTrue(err.toString().contains(missing + ": prediction folder not found"),
        err.toString());
  }

  @Test
  void shapeMismatch_exitsOneNamingTheFile() throws IOException {
    Volume small = Volume.builder().dims(2, 2, 1).geometry(Geometry.ofSpacing(0.75, 0.75, 5))
        .data(new float[4]).build();
    Path bad = pred.resolve("subject1_DE_pred.nii.gz");
    NiftiWriter.write(small, bad, NiftiWriter.Options.of(NiftiDatatype.UINT8));
    int code = run("--pred", pred.toString(), "--gt", gt.toString());
    assertEquals(1, code);
    assertTrue(err.toString().contains(bad + ": is 2 x 2 x 1, expected the shape of its ground "
        + "truth"), err.toString());
  }

  @Test
  void unreadableVolume_exitsOneNamingTheFile() throws IOException {
    Path bad = pred.resolve("subject1_DE_pred.nii.gz");
    Files.writeString(bad, "not a volume");
    int code = run("--pred", pred.toString(), "--gt", gt.toString());
    assertEquals(1, code);
    assertTrue(err.toString().startsWith("evaluate: " + bad), err.toString());
  }

  @Test
  void unknownFlag_exitsOne() {
    int code = run("--pred", pred.toString(), "--gt", gt.toString(), "--bogus");
    assertEquals(1, code);
    assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
  }

  @Test
  void missingRequiredOption_exitsOne() {
    int code = run("--pred", pred.toString());
    assertEquals(1, code);
    assertTrue(err.toString().contains("Missing required option: '--gt=<folder>'"),
        err.toString());
  }

  @Test
  void help_statesTheConventions() {
    int code = run("--help");
    assertEquals(0, code);
    String help = out.toString();
    assertTrue(help.contains("both empty gives Dice 1 and distances 0"), help);
    assertTrue(help.contains("one empty gives Dice 0"), help);
    assertTrue(help.contains("union of both directed distance sets"), help);
  }
}
