package org.medcl.savedmodels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiDatatype;
import org.medcl.data.preprocess.ZScore;
import org.medcl.graphs.ThreadSettings;
import org.medcl.savedmodels.impl.Flips;
import org.medcl.savedmodels.impl.SessionPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Segments whole volumes with a MedCL model: a SavedModel written by {@link SavedModelExporter}
 * ({@link #load}) or an in-memory {@link ServingGraph} ({@link #of}), through the same code.
 * Every slice along z is segmented at its full in-plane size; the graph does the z-score (with
 * this volume's per-channel mean and standard deviation), the resampling to the model's spacing
 * and back, and the arg-max.
 *
 * <pre>{@code
 * Volume image = NiftiReader.read(Path.of("subject1_DE.nii.gz"));
 * try (Segmenter s = Segmenter.load(Path.of("models/medcl"))) {
 *   Segmentation seg = s.segment(image);
 *   NiftiWriter.writeLabels(seg.labels(), image, Path.of("subject1_DE_pred.nii.gz"));
 * }
 * }</pre>
 *
 * <p>Safe for concurrent callers; {@link #close()} waits for running calls, frees the native
 * memory and is idempotent; a call after it throws {@link IllegalStateException}.
 */
public final class Segmenter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Segmenter.class);

  private final ModelMetadata metadata;
  private final SessionPipeline pipeline;
  private final AutoCloseable owned;
  private final String description;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private Segmenter(ModelMetadata metadata, SessionPipeline pipeline, AutoCloseable owned,
      String description) {
    this.metadata = metadata;
    this.pipeline = pipeline;
    this.owned = owned;
    this.description = description;
  }

  /** As {@link #load(Path, ThreadSettings)} with TensorFlow's automatic thread pools. */
  public static Segmenter load(Path folder) throws SavedModelException {
    return load(folder, ThreadSettings.automatic());
  }

  /**
   * Loads a SavedModel: {@code folder} is a version folder (holding {@code saved_model.pb}) or
   * a model base holding numeric version folders, of which the highest is taken.
   *
   * @throws SavedModelException naming the folder when it is missing, holds no SavedModel, the
   *     SavedModel cannot be loaded, or its signature or {@code model.json} does not fit
   */
  public static Segmenter load(Path folder, ThreadSettings threads) throws SavedModelException {
    Path dir = versionFolder(folder);
    ModelMetadata meta = ModelMetadata.read(dir);
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.loader(dir.toString()).withTags(ServingSignature.TAG)
          .withConfigProto(threads.toConfigProto()).load();
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw new SavedModelException(dir, "cannot load the SavedModel: " + e.getMessage(), e);
    }
    try {
      Signature sig = bundle.signatures().stream()
          .filter(s -> ServingSignature.KEY.equals(s.key())).findFirst()
          .orElseThrow(() -> new SavedModelException(dir, "no signature '" + ServingSignature.KEY
              + "', found " + bundle.signatures().stream().map(Signature::key).toList()));
      List<String> problems = ServingSignature.problems(sig, meta.channels(), meta.numClasses());
      if (!problems.isEmpty()) {
        throw new SavedModelException(dir, "incompatible serving signature in "
            + dir.resolve(SavedModelExporter.GRAPH_FILE) + " (model.json: " + meta.channels()
            + " channel(s), " + meta.numClasses() + " classes): " + String.join("; ", problems));
      }
      SessionPipeline p = new SessionPipeline(bundle.session(), sig, meta.channels(),
          meta.numClasses());
      LOG.info("segmenter loaded savedmodel={} classes={} spacing={}", dir, meta.classNames(),
          meta.spacing());
      return new Segmenter(meta, p, bundle, dir.toString());
    } catch (SavedModelException | RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  /**
   * A segmenter over an in-memory serving graph (e.g. restored from a training checkpoint); it
   * takes ownership: closing it closes the graph.
   */
  public static Segmenter of(ServingGraph graph, ModelMetadata metadata, String description) {
    Segmenter s = view(graph, metadata, description);
    return new Segmenter(s.metadata, s.pipeline, graph, description);
  }

  /** A segmenter over {@code graph} that does not close it. */
  static Segmenter view(ServingGraph graph, ModelMetadata metadata, String description) {
    if (graph.config().inputChannels() != metadata.channels()
        || graph.config().numClasses() + 1 != metadata.numClasses()) {
      throw new IllegalArgumentException("graph has " + graph.config().inputChannels()
          + " channel(s) and " + (graph.config().numClasses() + 1) + " classes, metadata "
          + metadata.channels() + " and " + metadata.numClasses());
    }
    return new Segmenter(metadata, new SessionPipeline(graph.session(), graph.signature(),
        metadata.channels(), metadata.numClasses()), null, description);
  }

  /**
   * The version folder a path names: itself when it holds {@code saved_model.pb}, else its
   * highest numeric subfolder holding one.
   *
   * @throws SavedModelException when there is none
   */
  public static Path versionFolder(Path folder) throws SavedModelException {
    if (!Files.isDirectory(folder)) {
      throw new SavedModelException(folder, "model folder does not exist");
    }
    if (Files.isRegularFile(folder.resolve(SavedModelExporter.GRAPH_FILE))) {
      return folder;
    }
    Optional<Path> best = highestVersion(folder, true);
    if (best.isEmpty()) {
      throw new SavedModelException(folder, "no SavedModel: expected "
          + SavedModelExporter.GRAPH_FILE + " in it or in a numeric version folder under it");
    }
    return best.get();
  }

  /** Whether {@code folder} is a version folder or a model base with a version in it. */
  public static boolean isSavedModel(Path folder) {
    try {
      versionFolder(folder);
      return true;
    } catch (SavedModelException e) {
      return false;
    }
  }

  /** The highest numeric subfolder of {@code base} (holding a graph file, when asked). */
  static Optional<Path> highestVersion(Path base, boolean withGraph) throws SavedModelException {
    try (Stream<Path> s = Files.list(base)) {
      return s.filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().matches("[0-9]{1,18}"))
          .filter(p -> !withGraph || Files.isRegularFile(p.resolve(SavedModelExporter.GRAPH_FILE)))
          .max((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()),
              Long.parseLong(b.getFileName().toString())));
    } catch (IOException e) {
      throw new SavedModelException(base, "cannot list the folder: " + e.getMessage(), e);
    }
  }

  /** The pipeline runner, for the exporter's checks. */
  SessionPipeline pipeline() {
    return pipeline;
  }

  /** The model's facts. */
  public ModelMetadata metadata() {
    return metadata;
  }

  /** Where the model came from, for messages. */
  public String description() {
    return description;
  }

  /** Segments {@code image} with {@link SegmentOptions#DEFAULT}. */
  public Segmentation segment(Volume image) {
    return segment(image, SegmentOptions.DEFAULT);
  }

  /**
   * Segments every slice of {@code image}.
   *
   * @throws IllegalArgumentException when the channel count differs from the model's
   * @throws IllegalStateException after {@link #close()}
   */
  public Segmentation segment(Volume image, SegmentOptions options) {
    int ch = metadata.channels();
    if (image.channels() != ch) {
      throw new IllegalArgumentException("expected " + ch + " input channel"
          + (ch == 1 ? "" : "s") + ", found " + image.channels() + " in " + image.sourceName());
    }
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("this Segmenter (" + description + ") is closed");
      }
      return run(image, options);
    } finally {
      lock.readLock().unlock();
    }
  }

  private Segmentation run(Volume image, SegmentOptions options) {
    int nx = image.nx();
    int ny = image.ny();
    int nz = image.nz();
    int ch = image.channels();
    int classes = metadata.numClasses();
    int plane = nx * ny;
    ZScore.Stats[] stats = ZScore.stats(image);
    float[] spacing = {(float) image.spacing()[1], (float) image.spacing()[0]};
    float[] probs = options.probabilities() ? new float[nz * plane * classes] : null;
    int[] indices = new int[nz * plane];
    for (int z0 = 0; z0 < nz; z0 += options.batchSize()) {
      int n = Math.min(options.batchSize(), nz - z0);
      float[] batch = slices(image, z0, n);
      float[][] ms = statistics(stats, n);
      float[] mean = ms[0];
      float[] std = ms[1];
      if (!options.flipTta()) {
        pipeline.run(batch, n, ny, nx, mean, std, spacing, probs, z0 * plane * classes, indices,
            z0 * plane);
        continue;
      }
      float[] p = pipeline.run(batch, n, ny, nx, mean, std, spacing, false).probabilities();
      for (int mode : new int[] {Flips.LEFT_RIGHT, Flips.UP_DOWN}) {
        float[] q = pipeline.run(Flips.flip(batch, n, ny, nx, ch, mode), n, ny, nx, mean, std,
            spacing, false).probabilities();
        q = Flips.flip(q, n, ny, nx, classes, mode);
        for (int i = 0; i < p.length; i++) {
          p[i] += q[i];
        }
      }
      for (int i = 0; i < p.length; i++) {
        p[i] /= 3f;
      }
      argMax(p, classes, indices, z0 * plane);
      if (probs != null) {
        System.arraycopy(p, 0, probs, z0 * plane * classes, p.length);
      }
    }
    return new Segmentation(labelVolume(image, indices), indices, probs, classes);
  }

  /** The {@code mean} and {@code std} feeds of {@code n} slices: {mean[n * ch], std[n * ch]}. */
  static float[][] statistics(ZScore.Stats[] stats, int n) {
    int ch = stats.length;
    float[] mean = new float[n * ch];
    float[] std = new float[n * ch];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < ch; c++) {
        mean[i * ch + c] = (float) stats[c].mean();
        std[i * ch + c] = (float) stats[c].std();
      }
    }
    return new float[][] {mean, std};
  }

  /** Slices {@code z0 .. z0 + n - 1} as NHWC {@code [n, ny, nx, channels]}. */
  static float[] slices(Volume image, int z0, int n) {
    int nx = image.nx();
    int ny = image.ny();
    int nz = image.nz();
    int ch = image.channels();
    int plane = nx * ny;
    float[] out = new float[n * plane * ch];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < ch; c++) {
        int src = (c * nz + z0 + i) * plane;
        int dst = i * plane * ch + c;
        for (int k = 0; k < plane; k++) {
          out[dst + k * ch] = image.get(src + k);
        }
      }
    }
    return out;
  }

  /** First maximum per pixel, as the graph's ArgMax. */
  private static void argMax(float[] p, int classes, int[] out, int offset) {
    int pixels = p.length / classes;
    for (int v = 0; v < pixels; v++) {
      int best = 0;
      float bestP = p[v * classes];
      for (int c = 1; c < classes; c++) {
        if (p[v * classes + c] > bestP) {
          bestP = p[v * classes + c];
          best = c;
        }
      }
      out[offset + v] = best;
    }
  }

  /** A label volume of class indices mapped to the model's label values. */
  public Volume labelVolume(Volume image, int[] classIndices) {
    float[] values = new float[classIndices.length];
    int[] lut = new int[metadata.numClasses()];
    boolean fitsByte = true;
    for (int k = 0; k < lut.length; k++) {
      lut[k] = metadata.labelValue(k);
      fitsByte &= lut[k] >= 0 && lut[k] <= 255;
    }
    for (int i = 0; i < values.length; i++) {
      values[i] = lut[classIndices[i]];
    }
    return image.toBuilder().dims(image.nx(), image.ny(), image.nz(), 1).adoptData(values)
        .datatype(fitsByte ? NiftiDatatype.UINT8 : NiftiDatatype.INT16).build();
  }

  /** Waits for running calls, then frees the native memory; idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (owned != null) {
        owned.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot close " + description + ": " + e.getMessage(), e);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
