package org.medcl.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiReader;
import org.medcl.tools.Medcl;
import org.tensorflow.proto.SavedModel;

/**
 * Export on real data, reload in other JVMs: a tiny network trained for one epoch is exported
 * with {@code medcl export}; a fresh JVM segments the val case subject1 through the Segmenter
 * API and another through {@code medcl predict --model <SavedModel> --tta --largest-component};
 * both label volumes must equal the checkpoint's, predicted in this JVM.
 */
class ExportReloadTest {
  private static final Path DATA = SharedData.mscmr();
  private static final Path IMAGE = DATA.resolve("val/images/subject1_DE.nii.gz");

  @TempDir static Path dir;
  private static Path runDir;
  private static Path base;

  private static int run(StringWriter out, StringWriter err, String... args) {
    var cli = Medcl.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(out, true));
    return cli.execute(args);
  }

  @BeforeAll
  static void trainAndExport() {
    runDir = dir.resolve("run");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, run(out, err, "train", "--data", DATA.toString(), "--size", "64", "--batch",
        "4", "--minutes", "0", "--epochs", "1", "--validate-minutes", "100",
        "--set", "model.spacing=3.0", "--set", "data.trainCases=[subject2,subject4]",
        "--set", "data.valCases=[subject1]", "--set", "loss.prototypes=16",
        "--set", "loss.pool=2", "--output", runDir.toString()), err.toString());
    base = dir.resolve("models").resolve("medcl");
    assertEquals(0, run(out, err, "export", "--run", runDir.toString(), "--output",
        base.toString(), "--data", DATA.toString(), "--threads", "1"), err.toString());
    assertTrue(out.toString().contains("exported " + base.resolve("1") + " (version 1), "
        + "verified on 15 slices"), out.toString());
  }

  /** Runs {@code main} of a class in a new JVM with this test's class path; returns output. */
  private static String childJvm(String mainClass, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
        "-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "child", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child JVM did not finish");
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    return text;
  }

  private static float[] labels(Path file) throws IOException {
    return NiftiReader.read(file).copyData();
  }

  @Test
  void export_hasTheServingLayoutAndMethodName() throws IOException {
    Path v1 = base.resolve("1");
    try (Stream<Path> s = Files.list(base)) {
      assertEquals(List.of("1"), s.map(p -> p.getFileName().toString()).toList());
    }
    for (String f : new String[] {"saved_model.pb", "variables/variables.index", "model.json",
        "provenance.json"}) {
      assertTrue(Files.isRegularFile(v1.resolve(f)), "missing " + f);
    }
    SavedModel pb = SavedModel.parseFrom(Files.readAllBytes(v1.resolve("saved_model.pb")));
    assertEquals("tensorflow/serving/predict",
        pb.getMetaGraphs(0).getSignatureDefMap().get("serving_default").getMethodName());
    String prov = Files.readString(v1.resolve("provenance.json"));
    assertTrue(prov.contains("\"kind\" : \"export\""), prov);
    assertTrue(prov.contains("val/images/subject1_DE.nii.gz"), prov);
  }

  @Test
  void segmenterInAnotherJvm_givesTheCheckpointsLabels() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path fromRun = dir.resolve("pred-run-plain");
    assertEquals(0, run(out, err, "predict", "--model", runDir.toString(), "--input",
        IMAGE.toString(), "--output", fromRun.toString(), "--threads", "1"), err.toString());
    Path fromChild = dir.resolve("child-segmenter.nii.gz");
    childJvm(SegmentWithSavedModel.class.getName(), base.toString(), IMAGE.toString(),
        fromChild.toString());
    float[] want = labels(fromRun.resolve("subject1_DE_pred.nii.gz"));
    float[] got = labels(fromChild);
    assertArrayEquals(want, got);
    Volume image = NiftiReader.read(IMAGE);
    Volume child = NiftiReader.read(fromChild);
    assertEquals(image.shapeString(), child.shapeString());
    assertArrayEquals(image.spacing(), child.spacing(), 1e-6);
  }

  @Test
  void predictFromTheSavedModelInAnotherJvm_withTtaAndComponents_equalsTheRun()
      throws Exception {
    // Both in fresh JVMs. Predicted in this JVM, after its training session, the checkpoint's
    // labels once differed from a fresh JVM's at one voxel of 3.9 million (a near-tie of the
    // flip average, presumably a last-bit difference from TensorFlow's process-wide state);
    // two fresh JVMs have always agreed.
    Path fromRun = dir.resolve("pred-run-tta");
    childJvm(Medcl.class.getName(), "predict", "--model", runDir.toString(), "--input",
        IMAGE.toString(), "--output", fromRun.toString(), "--tta", "--largest-component",
        "--threads", "1");
    Path fromSaved = dir.resolve("pred-saved-tta");
    childJvm(Medcl.class.getName(), "predict", "--model", base.toString(), "--input",
        IMAGE.toString(), "--output", fromSaved.toString(), "--tta", "--largest-component",
        "--threads", "1");
    assertArrayEquals(labels(fromRun.resolve("subject1_DE_pred.nii.gz")),
        labels(fromSaved.resolve("subject1_DE_pred.nii.gz")));
  }

  @Test
  void predictFromAFolderWithoutModel_failsNamingIt() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty-model"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(1, run(out, err, "predict", "--model", empty.toString(), "--input",
        IMAGE.toString(), "--output", dir.resolve("never").toString()), err.toString());
    assertTrue(err.toString().contains("model folder " + empty + " holds neither a training "
        + "run (checkpoints/) nor a SavedModel"), err.toString());
    assertFalse(Files.exists(dir.resolve("never")));
  }

  @Test
  void exportOfARunWithoutCheckpoint_failsAndWritesNothing() throws IOException {
    Path fake = Files.createDirectories(dir.resolve("fake-run"));
    Files.copy(runDir.resolve("config.yaml"), fake.resolve("config.yaml"));
    Files.copy(runDir.resolve("model.json"), fake.resolve("model.json"));
    Files.createDirectories(fake.resolve("checkpoints"));
    Path target = dir.resolve("models").resolve("fake");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(1, run(out, err, "export", "--run", fake.toString(), "--output",
        target.toString(), "--data", DATA.toString()), err.toString());
    assertTrue(err.toString().contains("has no complete checkpoint 'best'"), err.toString());
    assertFalse(Files.exists(target) && new File(target.toString()).list().length > 0);
  }
}
