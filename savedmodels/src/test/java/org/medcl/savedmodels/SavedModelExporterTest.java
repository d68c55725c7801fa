package org.medcl.savedmodels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.Volume;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;

class SavedModelExporterTest {
  private static final ModelMetadata META = TinyModels.metadata(1.5);

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void export_writesVerifiedNumberedVersions(@TempDir Path dir) throws IOException {
    Path base = dir.resolve("models").resolve("medcl");
    Volume v = TinyModels.volume(30, 23, 3, 1, 0.75, 1);
    try (ServingGraph g = ServingGraph.create(TinyModels.same(), 1.5, TinyModels.THREADS)) {
      SavedModelExporter.Result first = SavedModelExporter.export(g, META, base, META::write,
          List.of(v));
      SavedModelExporter.Result second = SavedModelExporter.export(g, META, base, META::write,
          List.of(v));
      assertEquals(1, first.version());
      assertEquals(2, second.version());
      assertEquals(base.resolve("2"), second.folder());
      assertEquals(3, first.slices());
      // the same graph reloaded: identical kernels on identical inputs
      assertEquals(0.0, first.maxAbsDifference());
      assertTrue(Double.isNaN(first.networkMaxAbsDifference()), "fresh weights: not checked");
      assertEquals(0, first.labelDifferences());
    }
    assertEquals(List.of("1", "2"), names(base), "no temporary folder left");
    assertEquals(List.of("model.json", "saved_model.pb", "variables"), names(base.resolve("1")));
    SavedModel pb = SavedModel.parseFrom(Files.readAllBytes(base.resolve("1/saved_model.pb")));
    assertEquals(List.of("serve"), pb.getMetaGraphs(0).getMetaInfoDef().getTagsList());
    SignatureDef sig = pb.getMetaGraphs(0).getSignatureDefMap().get("serving_default");
    assertEquals("tensorflow/serving/predict", sig.getMethodName());
    assertEquals(List.of("images", "mean", "spacing", "std"),
        sig.getInputsMap().keySet().stream().sorted().toList());
    assertEquals(META, ModelMetadata.read(base.resolve("1")));
  }

  @Test
  void reloadedExport_segmentsLikeTheInMemoryGraph(@TempDir Path dir) throws IOException {
    Volume v = TinyModels.volume(20, 17, 2, 1, 1.0, 2);
    Segmentation memory;
    try (ServingGraph g = ServingGraph.create(TinyModels.same(), 1.5, TinyModels.THREADS)) {
      SavedModelExporter.export(g, META, dir, META::write, List.of(v));
      memory = Segmenter.view(g, META, "memory").segment(v);
    }
    try (Segmenter s = Segmenter.load(dir, TinyModels.THREADS)) {
      Segmentation loaded = s.segment(v);
      assertArrayEquals(memory.classIndices(), loaded.classIndices());
      assertArrayEquals(memory.probabilities(), loaded.probabilities());
    }
  }

  @Test
  void restoredGraph_isCheckedAgainstTheTrainingInferenceGraph(@TempDir Path dir)
      throws IOException {
    Path ckpt = Files.createDirectories(dir.resolve("ckpt"));
    try (ServingGraph fresh = ServingGraph.create(TinyModels.same(), 1.5, TinyModels.THREADS)) {
      fresh.session().initialize();
      fresh.session().save(ckpt.resolve("model").toString());
    }
    Volume v = TinyModels.volume(30, 23, 2, 1, 0.75, 12);
    try (ServingGraph g = ServingGraph.create(TinyModels.same(), 1.5, TinyModels.THREADS)) {
      g.restore(ckpt.resolve("model").toString());
      SavedModelExporter.Result r = SavedModelExporter.export(g, META, dir.resolve("m"),
          META::write, List.of(v));
      // same UNet code, same weights, same input: the same numbers
      assertEquals(0.0, r.networkMaxAbsDifference());
    }
  }

  @Test
  void networkThatDiffersFromTheCheckpoint_failsTheExport(@TempDir Path dir)
      throws IOException {
    // checkpoint a (seed 1234) is restored; then its files are replaced by b (seed 99), which
    // the reference inference graph reads: the networks differ and the export must fail
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    for (Object[] c : new Object[][] {{a, 1234L}, {b, 99L}}) {
      try (ServingGraph g = ServingGraph.create(TinyModels.same().toBuilder()
          .seed((Long) c[1]).build(), 1.5, TinyModels.THREADS)) {
        g.session().initialize();
        g.session().save(((Path) c[0]).resolve("model").toString());
      }
    }
    Volume v = TinyModels.volume(30, 23, 2, 1, 0.75, 13);
    try (ServingGraph g = ServingGraph.create(TinyModels.same(), 1.5, TinyModels.THREADS)) {
      g.restore(a.resolve("model").toString());
      try (Stream<Path> s = Files.list(b)) {
        for (Path f : s.toList()) {
          Files.copy(f, a.resolve(f.getFileName()),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      SavedModelException e = assertThrows(SavedModelException.class,
          () -> SavedModelExporter.export(g, META, dir.resolve("m"), META::write, List.of(v)));
      assertTrue(e.getMessage().contains("reloaded network differs from the training code's "
          + "inference graph restored from " + a.resolve("model")), e.getMessage());
    }
    assertEquals(List.of(), names(dir.resolve("m")));
  }

  @Test
  void failingSideFiles_leaveNothingBehind(@TempDir Path dir) throws IOException {
    Volume v = TinyModels.volume(16, 16, 1, 1, 1.0, 3);
    try (ServingGraph g = ServingGraph.create(TinyModels.same(), null, TinyModels.THREADS)) {
      SavedModelException e = assertThrows(SavedModelException.class,
          () -> SavedModelExporter.export(g, META, dir, f -> {
            throw new IOException("disk full");
          }, List.of(v)));
      assertEquals(dir + ": export failed, nothing written: disk full", e.getMessage());
    }
    assertEquals(List.of(), names(dir));
  }

  @Test
  void metadataThatDoesNotFitTheGraph_failsVerification(@TempDir Path dir) throws IOException {
    ModelMetadata three = new ModelMetadata("small", 3, null, List.of("RV", "MYO", "LV"),
        List.of(1, 2, 3), 0);
    Volume v = TinyModels.volume(16, 16, 1, 1, 1.0, 4);
    try (ServingGraph g = ServingGraph.create(TinyModels.same(), null, TinyModels.THREADS)) {
      SavedModelException e = assertThrows(SavedModelException.class,
          () -> SavedModelExporter.export(g, META, dir, three::write, List.of(v)));
      assertTrue(e.getMessage().contains("expected 3 input channels, found 1"), e.getMessage());
    }
    assertEquals(List.of(), names(dir));
    assertFalse(Segmenter.isSavedModel(dir));
  }

  @Test
  void noVerificationVolume_isRejected(@TempDir Path dir) {
    try (ServingGraph g = ServingGraph.create(TinyModels.same(), null, TinyModels.THREADS)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SavedModelExporter.export(g, META, dir, META::write, List.of()));
      assertEquals("expected at least one verification volume, found 0", e.getMessage());
    }
  }
}
