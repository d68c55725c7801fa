package org.medcl.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiReader;
import org.medcl.tools.Medcl;
import org.medcl.tools.report.MetricsCsv;
import org.medcl.tools.train.TrainState;
import picocli.CommandLine;

/**
 * End to end on real MSCMR volumes, through the CLI: train a small network for 2 epochs on 3
 * training cases at a coarse spacing, predict one val case, evaluate it; then resume a run
 * stopped after one epoch.
 */
class TrainPredictEvaluateTest {
  private static final Path DATA = SharedData.mscmr();

  private static final String[] SMALL = {
    "train", "--data", DATA.toString(), "--size", "64", "--batch", "4", "--minutes", "0",
    "--validate-minutes", "100", "--set", "model.spacing=3.0",
    "--set", "data.trainCases=[subject2,subject4,subject6]",
    "--set", "data.valCases=[subject1]", "--set", "loss.prototypes=16",
    "--set", "loss.pool=2"
  };

  private static int run(StringWriter err, String... args) {
    CommandLine cli = Medcl.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void trainPredictEvaluate_writesEverythingWithTheInputGeometry(@TempDir Path dir)
      throws Exception {
    Path runDir = dir.resolve("run");
    StringWriter err = new StringWriter();
    assertEquals(0, run(err, concat(SMALL, "--epochs", "2", "--output", runDir.toString())),
        err.toString());
    for (String f : new String[] {"config.yaml", "provenance.json", "metrics.csv",
        "training.png", "model.json", "checkpoints/best/state.json",
        "checkpoints/last/state.json"}) {
      assertTrue(Files.isRegularFile(runDir.resolve(f)), "missing " + f);
    }
    try (var s = Files.list(runDir)) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents")));
    }
    List<Map<String, String>> rows = MetricsCsv.read(runDir.resolve("metrics.csv"));
    assertEquals(2, rows.size(), "one validation per epoch");
    for (Map<String, String> row : rows) {
      double dice = Double.parseDouble(row.get("val_dice_mean"));
      assertTrue(dice >= 0 && dice <= 1, "dice " + dice);
      assertTrue(Double.isFinite(Double.parseDouble(row.get("loss_total"))));
    }
    JsonNode prov = new ObjectMapper().readTree(runDir.resolve("provenance.json").toFile());
    assertEquals(8, prov.get("dataFiles").size(), "3 train + 1 val cases, image and label");
    assertTrue(prov.has("ended"));

    // Predict one val case with the best checkpoint.
    Path image = DATA.resolve("val/images/subject1_DE.nii.gz");
    Path out = dir.resolve("pred");
    assertEquals(0, run(err, "predict", "--model", runDir.toString(), "--input",
        image.toString(), "--output", out.toString(), "--overlays", "--largest-component"),
        err.toString());
    Path pred = out.resolve("subject1_DE_pred.nii.gz");
    Volume in = NiftiReader.read(image);
    Volume labels = NiftiReader.read(pred);
    assertEquals(in.nx(), labels.nx());
    assertEquals(in.ny(), labels.ny());
    assertEquals(in.nz(), labels.nz());
    assertArrayEquals(in.spacing(), labels.spacing(), 1e-6);
    for (int r = 0; r < 4; r++) {
      assertArrayEquals(in.affine()[r], labels.affine()[r], 1e-4);
    }
    assertTrue(labels.min() >= 0 && labels.max() <= 3, "labels in 0..3");
    assertTrue(Files.isRegularFile(out.resolve("subject1_DE_overlay.png")));

    // Evaluate against the manual mask.
    Path gt = dir.resolve("gt");
    Files.createDirectories(gt);
    Files.copy(DATA.resolve("val/labels/subject1_DE_manual.nii.gz"),
        gt.resolve("subject1_DE_manual.nii.gz"));
    assertEquals(0, run(err, "evaluate", "--pred", out.toString(), "--gt", gt.toString()),
        err.toString());
    List<Map<String, String>> eval = MetricsCsv.read(out.resolve("evaluation.csv"));
    assertTrue(!eval.isEmpty());
    for (Map<String, String> row : eval) {
      String dice = row.get("dice");
      if (dice != null && !dice.isEmpty()) {
        double d = Double.parseDouble(dice);
        assertTrue(d >= 0 && d <= 1, "dice " + d);
      }
    }
  }

  @Test
  void resume_continuesEpochLearningRateAndBestScore(@TempDir Path dir) throws Exception {
    Path runDir = dir.resolve("run");
    StringWriter err = new StringWriter();
    String[] first = concat(SMALL, "--epochs", "1", "--output", runDir.toString(),
        "--lr-schedule", "triangular", "--set", "train.lr.periodEpochs=4");
    assertEquals(0, run(err, first), err.toString());
    TrainState after1 = TrainState.read(runDir.resolve("checkpoints/last"));
    assertEquals(1.0, after1.epoch(), 1e-9);
    assertTrue(after1.bestScore() >= 0);

    assertEquals(0, run(err, "train", "--resume", runDir.toString(), "--data", DATA.toString(),
        "--epochs", "2"), err.toString());
    TrainState after2 = TrainState.read(runDir.resolve("checkpoints/last"));
    assertEquals(2.0, after2.epoch(), 1e-9);
    assertEquals(2 * after1.step(), after2.step());
    assertTrue(after2.bestScore() >= after1.bestScore());
    List<Map<String, String>> rows = MetricsCsv.read(runDir.resolve("metrics.csv"));
    assertEquals(2, rows.size());
    // Triangular cycle of 4 epochs from 1e-5 to 1e-3: the rate of the last step of epoch 2
    // follows on from epoch 1 (it rises), rather than restarting at the minimum.
    double lr1 = Double.parseDouble(rows.get(0).get("lr"));
    double lr2 = Double.parseDouble(rows.get(1).get("lr"));
    assertTrue(lr2 > lr1, "lr " + lr1 + " then " + lr2);
    assertEquals(after1.step(), Long.parseLong(rows.get(0).get("step")));
  }

  @Test
  void mirroredTraining_onTwoCpuDevices_writesARunThatPredicts(@TempDir Path dir)
      throws Exception {
    Path runDir = dir.resolve("run");
    StringWriter err = new StringWriter();
    assertEquals(0, run(err, concat(SMALL, "--epochs", "1", "--devices", "2", "--output",
        runDir.toString())), err.toString());
    TrainState state = TrainState.read(runDir.resolve("checkpoints/last"));
    assertEquals(1.0, state.epoch(), 1e-9);
    assertTrue(state.bestScore() >= 0 && state.bestScore() <= 1);
    Path out = dir.resolve("pred");
    assertEquals(0, run(err, "predict", "--model", runDir.toString(), "--input",
        DATA.resolve("val/images/subject1_DE.nii.gz").toString(), "--output", out.toString()),
        err.toString());
    assertTrue(Files.isRegularFile(out.resolve("subject1_DE_pred.nii.gz")));
  }

  @Test
  void gpuDeviceWithoutAGpu_failsWithAClearMessage(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    int code = run(err, concat(SMALL, "--epochs", "1", "--devices", "gpu:0,gpu:1", "--output",
        dir.resolve("run").toString()));
    assertEquals(1, code, err.toString());
    assertTrue(err.toString().toLowerCase(java.util.Locale.ROOT).contains("gpu"),
        err.toString());
  }
}
