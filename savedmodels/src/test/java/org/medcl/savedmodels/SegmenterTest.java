package org.medcl.savedmodels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.Volume;
import org.medcl.models.UNetConfig;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class SegmenterTest {
  private static final ModelMetadata META = TinyModels.metadata(1.5);

  @TempDir static Path shared;
  private static Path base;
  private static ServingGraph graph;

  @BeforeAll
  static void export() throws IOException {
    base = shared.resolve("medcl");
    graph = ServingGraph.create(TinyModels.same(), 1.5, TinyModels.THREADS);
    SavedModelExporter.export(graph, META, base, META::write,
        List.of(TinyModels.volume(16, 16, 1, 1, 1.0, 9)));
  }

  @AfterAll
  static void closeGraph() {
    graph.close();
  }

  @Test
  void segment_givesLabelsWithTheInputGeometryAndTheModelsValues(@TempDir Path dir)
      throws IOException {
    // background 10 and classes 20, 30, 40: values are mapped from the class indices
    ModelMetadata shifted = new ModelMetadata("small", 1, 1.5, List.of("RV", "MYO", "LV"),
        List.of(20, 30, 40), 10);
    Path other = dir.resolve("shifted");
    SavedModelExporter.export(graph, shifted, other, shifted::write,
        List.of(TinyModels.volume(16, 16, 1, 1, 1.0, 9)));
    Volume v = TinyModels.volume(31, 22, 3, 1, 0.8, 7);
    try (Segmenter s = Segmenter.load(other, TinyModels.THREADS)) {
      Segmentation seg = s.segment(v);
      assertEquals("31 x 22 x 3", seg.labels().shapeString());
      assertArrayEquals(v.spacing(), seg.labels().spacing());
      for (int i = 0; i < seg.classIndices().length; i++) {
        assertEquals(10 + 10 * seg.classIndices()[i], seg.labels().get(i), 0f, "voxel " + i);
      }
      // probabilities: one distribution per voxel
      for (int vox = 0; vox < 31 * 22 * 3; vox++) {
        float sum = 0;
        for (int c = 0; c < 4; c++) {
          sum += seg.probabilities()[vox * 4 + c];
        }
        assertEquals(1f, sum, 1e-5f, "voxel " + vox);
      }
      assertEquals(seg.probabilities()[((2 * 22 + 5) * 31 + 7) * 4 + 3],
          seg.probability(7, 5, 2, 3));
    }
  }

  @Test
  void perChannelZScore_makesTwoChannelResultsInvariantToIntensityScale() {
    // z = (v - mean) / std per channel: v' = a_c * v + b_c (a_c > 0) gives the same z, so the
    // same probabilities up to float rounding
    UNetConfig two = TinyModels.same().toBuilder().inputChannels(2).build();
    ModelMetadata meta = new ModelMetadata("small", 2, null, List.of("RV", "MYO", "LV"),
        List.of(1, 2, 3), 0);
    Volume v = TinyModels.volume(14, 12, 2, 2, 1.0, 11);
    float[] d = v.copyData();
    int n = v.voxelCount();
    for (int i = 0; i < d.length; i++) {
      d[i] = i < n ? 3f * d[i] + 50f : 0.1f * d[i] - 7f;
    }
    Volume scaled = v.toBuilder().adoptData(d).build();
    try (Segmenter s = Segmenter.of(ServingGraph.create(two, null, TinyModels.THREADS), meta,
        "two channels")) {
      Segmentation a = s.segment(v);
      Segmentation b = s.segment(scaled);
      assertArrayEquals(a.probabilities(), b.probabilities(), 1e-4f);
    }
  }

  @Test
  void batchSize_doesNotChangeTheResult() throws IOException {
    Volume v = TinyModels.volume(20, 18, 5, 1, 1.0, 8);
    try (Segmenter s = Segmenter.load(base, TinyModels.THREADS)) {
      Segmentation one = s.segment(v, new SegmentOptions(false, 1));
      Segmentation four = s.segment(v, new SegmentOptions(false, 4));
      assertArrayEquals(one.classIndices(), four.classIndices());
      assertArrayEquals(one.probabilities(), four.probabilities(), 1e-6f);
    }
  }

  @Test
  void flipTta_averagesTheThreeViews() throws IOException {
    // Expected by hand from three plain runs: the flipped volume's probabilities, flipped back.
    Volume v = TinyModels.volume(12, 10, 1, 1, 1.0, 6);
    float[] d = v.copyData();
    float[] lr = new float[d.length];
    float[] ud = new float[d.length];
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 12; x++) {
        lr[y * 12 + x] = d[y * 12 + 11 - x];
        ud[y * 12 + x] = d[(9 - y) * 12 + x];
      }
    }
    try (Segmenter s = Segmenter.load(base, TinyModels.THREADS)) {
      Segmentation plain = s.segment(v);
      Segmentation a = s.segment(v.toBuilder().adoptData(lr).build());
      Segmentation b = s.segment(v.toBuilder().adoptData(ud).build());
      Segmentation tta = s.segment(v, new SegmentOptions(true, 4));
      for (int y = 0; y < 10; y++) {
        for (int x = 0; x < 12; x++) {
          for (int c = 0; c < 4; c++) {
            float want = (plain.probability(x, y, 0, c) + a.probability(11 - x, y, 0, c)
                + b.probability(x, 9 - y, 0, c)) / 3f;
            assertEquals(want, tta.probability(x, y, 0, c), 1e-6f);
          }
        }
      }
    }
  }

  @Test
  void concurrentCallers_getTheSameResults() throws Exception {
    Volume v = TinyModels.volume(18, 18, 2, 1, 1.0, 10);
    try (Segmenter s = Segmenter.load(base, TinyModels.THREADS)) {
      Segmentation want = s.segment(v);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Segmentation>> got = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          got.add(pool.submit(() -> s.segment(v)));
        }
        for (Future<Segmentation> f : got) {
          assertArrayEquals(want.classIndices(), f.get().classIndices());
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void useAfterClose_throws_andCloseIsIdempotent() throws IOException {
    Segmenter s = Segmenter.load(base, TinyModels.THREADS);
    s.close();
    s.close();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> s.segment(TinyModels.volume(8, 8, 1, 1, 1.0, 1)));
    assertEquals("this Segmenter (" + base.resolve("1") + ") is closed", e.getMessage());
  }

  @Test
  void wrongChannelCount_namesTheVolume() throws IOException {
    Volume random = TinyModels.volume(8, 8, 1, 3, 1.0, 1);
    Volume three = random.toBuilder().adoptData(random.copyData())
        .source(Path.of("subject12_DE.nii.gz")).build();
    try (Segmenter s = Segmenter.load(base, TinyModels.THREADS)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> s.segment(three));
      assertEquals("expected 1 input channel, found 3 in subject12_DE.nii.gz", e.getMessage());
    }
  }

  @Test
  void missingFolder_isReported(@TempDir Path dir) {
    Path none = dir.resolve("none");
    SavedModelException e = assertThrows(SavedModelException.class, () -> Segmenter.load(none));
    assertEquals(none + ": model folder does not exist", e.getMessage());
  }

  @Test
  void folderWithoutSavedModel_isReported(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("7"));
    Files.writeString(dir.resolve("notes.txt"), "not a model");
    SavedModelException e = assertThrows(SavedModelException.class, () -> Segmenter.load(dir));
    assertEquals(dir + ": no SavedModel: expected saved_model.pb in it or in a numeric version "
        + "folder under it", e.getMessage());
  }

  @Test
  void corruptGraphFile_isReported(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("saved_model.pb"), "garbage");
    META.write(dir);
    SavedModelException e = assertThrows(SavedModelException.class, () -> Segmenter.load(dir));
    assertTrue(e.getMessage().startsWith(dir + ": cannot load the SavedModel: "),
        e.getMessage());
  }

  @Test
  void missingModelJson_isReported(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("saved_model.pb"), "");
    SavedModelException e = assertThrows(SavedModelException.class, () -> Segmenter.load(dir));
    assertTrue(e.getMessage().startsWith(dir + ": no model.json"), e.getMessage());
  }

  @Test
  void savedModelWithAnotherSignature_isRejected(@TempDir Path dir) throws IOException {
    // a classifier-like export: input "x", output "y", key "classify"
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 4)));
      Signature sig = Signature.builder().key("classify").input("x", x)
          .output("y", tf.math.mul(x, tf.constant(2f))).build();
      try (Session s = new Session(g)) {
        SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(sig).export();
      }
    }
    META.write(dir);
    SavedModelException e = assertThrows(SavedModelException.class, () -> Segmenter.load(dir));
    assertEquals(dir + ": no signature 'serving_default', found [classify]", e.getMessage());
  }

  @Test
  void servingKeyWithOtherInputs_isRejected(@TempDir Path dir) throws IOException {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 4)));
      Signature sig = Signature.builder().input("x", x)
          .output("y", tf.math.mul(x, tf.constant(2f))).build();
      try (Session s = new Session(g)) {
        SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(sig).export();
      }
    }
    META.write(dir);
    SavedModelException e = assertThrows(SavedModelException.class, () -> Segmenter.load(dir));
    assertTrue(e.getMessage().startsWith(dir + ": incompatible serving signature in "
        + dir.resolve("saved_model.pb")), e.getMessage());
    assertTrue(e.getMessage().contains("inputs [x], expected [images, mean, std, spacing]"),
        e.getMessage());
  }

  @Test
  void modelJsonWithOtherChannels_isRejected(@TempDir Path dir) throws IOException {
    ModelMetadata three = new ModelMetadata("small", 3, 1.5, List.of("RV", "MYO", "LV"),
        List.of(1, 2, 3), 0);
    Path v1 = base.resolve("1");
    try (var s = Files.walk(v1)) {
      for (Path p : s.toList()) {
        Path q = dir.resolve(v1.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
    Files.delete(dir.resolve("model.json"));
    three.write(dir);
    SavedModelException e = assertThrows(SavedModelException.class, () -> Segmenter.load(dir));
    assertTrue(e.getMessage().contains("expected 3 input channels, found 1"), e.getMessage());
  }

  @Test
  void baseFolder_takesTheHighestVersion(@TempDir Path dir) throws IOException {
    Path b = dir.resolve("m");
    SavedModelExporter.export(graph, META, b, META::write,
        List.of(TinyModels.volume(8, 8, 1, 1, 1.0, 1)));
    SavedModelExporter.export(graph, META, b, META::write,
        List.of(TinyModels.volume(8, 8, 1, 1, 1.0, 1)));
    Files.createDirectories(b.resolve("10"));
    // 10 holds no graph: 2 is the highest version with one
    assertEquals(b.resolve("2"), Segmenter.versionFolder(b));
    assertEquals(b.resolve("1"), Segmenter.versionFolder(b.resolve("1")));
  }
}
