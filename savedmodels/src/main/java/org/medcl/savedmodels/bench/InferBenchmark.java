package org.medcl.savedmodels.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiReader;
import org.medcl.data.nifti.NiftiWriter;
import org.medcl.data.preprocess.Interpolation;
import org.medcl.data.preprocess.Resampler;
import org.medcl.data.preprocess.ZScore;
import org.medcl.graphs.InferenceGraph;
import org.medcl.graphs.ThreadSettings;
import org.medcl.savedmodels.ModelMetadata;
import org.medcl.savedmodels.SegmentOptions;
import org.medcl.savedmodels.Segmentation;
import org.medcl.savedmodels.Segmenter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bench/infer}: whole-volume latency of a SavedModel (read the NIfTI, segment every slice
 * at full size through the serving pipeline, write the labels), against the network's forward
 * passes alone on the same slices (already z-scored and resampled, fed to a forward-only graph
 * restored from the SavedModel's variables), with slices per second at the chosen batch.
 *
 * <p>Options: {@code --model <SavedModel>} (required), {@code --input <image.nii.gz>} (default
 * the 15-slice val case subject1 of ../shared/data/mscmr), {@code --batch 8}, {@code --repeats
 * 5} (medians are reported), {@code --threads 0} (TensorFlow intra-op threads, 0 = all cores).
 */
public final class InferBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(InferBenchmark.class);

  private InferBenchmark() {}

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws IOException {
    Path model = null;
    Path input = Path.of("..", "shared", "data", "mscmr", "val", "images",
        "subject1_DE.nii.gz");
    int batch = 8;
    int repeats = 5;
    int threads = 0;
    for (int i = 0; i < args.length; i++) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      String v = args[++i];
      switch (args[i - 1]) {
        case "--model" -> model = Path.of(v);
        case "--input" -> input = Path.of(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--repeats" -> repeats = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i - 1]
            + ", expected --model, --input, --batch, --repeats or --threads");
      }
    }
    if (model == null) {
      throw new IllegalArgumentException("--model <SavedModel folder> is required");
    }
    run(model, input, batch, repeats, new ThreadSettings(threads, 1));
  }

  private static void run(Path model, Path input, int batch, int repeats, ThreadSettings threads)
      throws IOException {
    Path tmp = Files.createTempDirectory("medcl-infer-bench");
    Path out = tmp.resolve("labels.nii.gz");
    double[] read = new double[repeats];
    double[] segment = new double[repeats];
    double[] write = new double[repeats];
    double[] total = new double[repeats];
    double[] forward = new double[repeats];
    Volume image;
    int th;
    int tw;
    long t0 = System.nanoTime();
    try (Segmenter s = Segmenter.load(model, threads)) {
      double loadMs = ms(t0);
      ModelMetadata meta = s.metadata();
      Path version = Segmenter.versionFolder(model);
      SegmentOptions options = new SegmentOptions(false, batch, false);
      image = NiftiReader.read(input);
      th = meta.spacing() == null ? image.ny()
          : Resampler.targetSize(image.ny(), image.spacing()[1], meta.spacing());
      tw = meta.spacing() == null ? image.nx()
          : Resampler.targetSize(image.nx(), image.spacing()[0], meta.spacing());
      float[][] batches = networkBatches(image, th, tw, batch);
      try (InferenceGraph g = InferenceGraph.create(meta.unetConfig(), threads)) {
        g.restore(version.resolve("variables").resolve("variables").toString());
        s.segment(image, options);
        forward(g, batches, th, tw);
        // interleaved, so that a load change on the shared machine hits both alike
        for (int r = 0; r < repeats; r++) {
          long a = System.nanoTime();
          Volume v = NiftiReader.read(input);
          long b = System.nanoTime();
          Segmentation seg = s.segment(v, options);
          long c = System.nanoTime();
          NiftiWriter.writeLabels(seg.labels(), v, out);
          long d = System.nanoTime();
          read[r] = (b - a) / 1e6;
          segment[r] = (c - b) / 1e6;
          write[r] = (d - c) / 1e6;
          total[r] = (d - a) / 1e6;
          forward[r] = forward(g, batches, th, tw);
        }
      }
      LOG.info("model={} load_ms={}", version, fmt(loadMs));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(tmp);
    }
    int nz = image.nz();
    double fwd = median(forward);
    double whole = median(total);
    double seg = median(segment);
    LOG.info("input={} size={}x{}x{} network_size={}x{} batch={} repeats={} cores={}",
        input.getFileName(), image.nx(), image.ny(), nz, tw, th, batch, repeats,
        Runtime.getRuntime().availableProcessors());
    LOG.info("whole_volume_ms={} read_ms={} segment_ms={} write_ms={}", fmt(whole),
        fmt(median(read)), fmt(seg), fmt(median(write)));
    LOG.info("forward_only_ms={} forward_ms_per_slice={} forward_ms_per_212x212={}", fmt(fwd),
        fmt(fwd / nz), fmt(fwd / nz * 212.0 * 212.0 / ((double) th * tw)));
    LOG.info("slices_per_second_pipeline={} slices_per_second_forward={}",
        fmt(nz / (seg / 1000)), fmt(nz / (fwd / 1000)));
    double[] paired = new double[repeats];
    double[] inGraph = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      paired[r] = (total[r] - forward[r]) / forward[r];
      inGraph[r] = (segment[r] - forward[r]) / forward[r];
    }
    LOG.info("around_network_fraction={} paired_median={} segment_only_paired_median={} "
        + "(whole volume minus forward, over forward; goal < 0.20)",
        String.format(Locale.ROOT, "%.3f", (whole - fwd) / fwd),
        String.format(Locale.ROOT, "%.3f", median(paired)),
        String.format(Locale.ROOT, "%.3f", median(inGraph)));
  }

  /** The volume's slices z-scored and resampled to {@code th x tw}, in batches. */
  private static float[][] networkBatches(Volume image, int th, int tw, int batch) {
    Volume z = ZScore.normalize(image);
    int nx = image.nx();
    int ny = image.ny();
    int nz = image.nz();
    float[][] batches = new float[(nz + batch - 1) / batch][];
    float[] plane = new float[nx * ny];
    float[] dst = new float[th * tw];
    for (int k = 0; k < batches.length; k++) {
      int n = Math.min(batch, nz - k * batch);
      batches[k] = new float[n * th * tw];
      for (int i = 0; i < n; i++) {
        int base = (k * batch + i) * nx * ny;
        for (int j = 0; j < plane.length; j++) {
          plane[j] = z.get(base + j);
        }
        Resampler.resizePlane(plane, nx, ny, dst, tw, th, Interpolation.LINEAR);
        System.arraycopy(dst, 0, batches[k], i * th * tw, dst.length);
      }
    }
    return batches;
  }

  /** Milliseconds of the forward passes alone over all batches. */
  private static double forward(InferenceGraph g, float[][] batches, int th, int tw) {
    long a = System.nanoTime();
    for (float[] b : batches) {
      g.infer(b, b.length / (th * tw), th, tw);
    }
    return ms(a);
  }

  private static double ms(long since) {
    return (System.nanoTime() - since) / 1e6;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
