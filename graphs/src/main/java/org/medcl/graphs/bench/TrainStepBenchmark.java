package org.medcl.graphs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.medcl.graphs.LossWeights;
import org.medcl.graphs.MedclStepGraph;
import org.medcl.graphs.StepConfig;
import org.medcl.graphs.StepFeeds;
import org.medcl.graphs.ThreadSettings;
import org.medcl.models.ActivationMemory;
import org.medcl.models.ModelSummary;
import org.medcl.models.Precision;
import org.medcl.models.UNetConfig;
import org.medcl.ops.mixing.MixingConfig;
import org.medcl.ops.mixing.MixingDraws;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.RunMetadata;

/**
 * Times full MedCL training steps (4B slice-forwards each, forward and backward, all five
 * terms, Adam) on seeded synthetic inputs.
 *
 * <p>Usage: {@code TrainStepBenchmark --preset {small,reference} --batch B --size S
 * [--steps 10] [--warmup 3] [--pool P] [--intra N] [--inter N] [--weights 1,1,1,1,1]
 * [--devices 1] [--profile N] [--precision float32|bfloat16] [--activations keep|recompute]};
 * {@code --weights} are mix, cluster, ac, scribble, category; {@code --activations recompute}
 * rebuilds the elementwise layers in the backward pass instead of keeping them;
 * {@code --profile N} traces one more step after the timed ones and logs the N op types that
 * took the most summed time, each allocator's peak MB in use (and the node after which it
 * peaked), then the N slowest nodes.
 * Set {@code TF_ENABLE_ONEDNN_OPTS=1} in the environment: TensorFlow 2.18 leaves oneDNN off on
 * CPUs without AVX-512. Logs the median ms per step
 * over the timed steps, slice-forwards per step, ms per slice-forward, achieved GFLOP/s
 * ({@code ModelSummary} multiply-adds x 3 for forward and backward x 2 flops per multiply-add
 * x 4B slices / median step time; the loss terms' work is not counted) and the peak resident
 * set size (VmHWM of /proc/self/status).
 */
public final class TrainStepBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(TrainStepBenchmark.class);

  private TrainStepBenchmark() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) {
    String preset = "small";
    int batch = 8;
    int size = 212;
    int steps = 10;
    int warmup = 3;
    int pool = -1;
    int intra = 0;
    int inter = 0;
    int profile = 0;
    LossWeights weights = LossWeights.defaults();
    Precision precision = Precision.FLOAT32;
    ActivationMemory activations = ActivationMemory.KEEP;
    for (int i = 0; i < args.length; i++) {
      String key = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + key);
      }
      String v = args[++i];
      switch (key) {
        case "--preset" -> preset = v;
        case "--batch" -> batch = Integer.parseInt(v);
        case "--size" -> size = Integer.parseInt(v);
        case "--steps" -> steps = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--pool" -> pool = Integer.parseInt(v);
        case "--intra" -> intra = Integer.parseInt(v);
        case "--inter" -> inter = Integer.parseInt(v);
        case "--weights" -> weights = parseWeights(v);
        case "--profile" -> profile = Integer.parseInt(v);
        case "--precision" -> precision = Precision.parse(v);
        case "--activations" -> activations = ActivationMemory.parse(v);
        case "--devices" -> {
          if (Integer.parseInt(v) != 1) {
            LOG.warn("option --devices {} ignored: the step graph runs on one CPU device", v);
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + key + ", expected"
            + " --preset, --batch, --size, --steps, --warmup, --pool, --intra, --inter,"
            + " --weights, --devices, --profile, --precision or --activations");
      }
    }
    if (steps < 1 || warmup < 0) {
      throw new IllegalArgumentException("expected steps >= 1 and warmup >= 0, found " + steps
          + " and " + warmup);
    }
    UNetConfig unet = UNetConfig.preset(preset);
    StepConfig config = StepConfig.builder(batch, size, size).unet(unet).weights(weights)
        .precision(precision).activationMemory(activations).build();
    if (pool > 0) {
      config = config.toBuilder().cluster(config.cluster().withPoolFactor(pool)).build();
    }
    run(config, preset, steps, warmup, new ThreadSettings(intra, inter), profile);
  }

  private static void run(StepConfig config, String preset, int steps, int warmup,
      ThreadSettings threads, int profile) {
    int b = config.batch();
    long macs = ModelSummary.of(config.unet(), config.height(), config.width()).multiplyAdds();
    long t0 = System.nanoTime();
    try (MedclStepGraph graph = MedclStepGraph.build(config, threads)) {
      LOG.info("bench graph_build_ms={}", (System.nanoTime() - t0) / 1_000_000);
      SplittableRandom random = new SplittableRandom(config.seed());
      double[] ms = new double[steps];
      for (int i = 0; i < warmup + steps; i++) {
        StepFeeds feeds = synthetic(config, random);
        long s = System.nanoTime();
        var r = graph.step(feeds, 1e-4f);
        double elapsed = (System.nanoTime() - s) / 1e6;
        LOG.info("bench step={} ms={} loss={} {}", i + 1, Math.round(elapsed), r.total(),
            i < warmup ? "warmup" : "timed");
        if (i >= warmup) {
          ms[i - warmup] = elapsed;
        }
      }
      double median = Median.of(ms);
      // Without L_mix the step graph forwards only the 2B intra-mixed images.
      int sliceForwards = (config.weights().mix() > 0 ? 4 : 2) * b;
      double gflops = macs * 3.0 * 2.0 * sliceForwards / (median / 1e3) / 1e9;
      LOG.info("bench preset={} batch={} size={}x{} pool={} threads={}/{} steps={} warmup={}"
          + " weights={} precision={} activations={} TF_ENABLE_ONEDNN_OPTS={}", preset, b,
          config.height(), config.width(), config.cluster().poolFactor(), threads.intraOp(),
          threads.interOp(), steps, warmup, config.weights(), graph.precision().key(),
          config.activationMemory().key(),
          System.getenv("TF_ENABLE_ONEDNN_OPTS"));
      LOG.info("bench median_ms_per_step={} slice_forwards_per_step={} ms_per_slice_forward={}"
          + " forward_gmacs_per_slice={} achieved_gflops={} peak_rss_mb={}",
          String.format("%.1f", median), sliceForwards,
          String.format("%.1f", median / sliceForwards), String.format("%.3f", macs / 1e9),
          String.format("%.1f", gflops), peakRssMb());
      if (profile > 0) {
        RunMetadata[] meta = new RunMetadata[1];
        long s = System.nanoTime();
        graph.step(synthetic(config, random), 1e-4f, meta);
        StepProfile p = StepProfile.of(meta[0]);
        LOG.info("profile traced_step_ms={} summed_op_ms={}", (System.nanoTime() - s) / 1_000_000,
            Math.round(p.totalMillis()));
        for (StepProfile.Row r : p.rows().subList(0, Math.min(profile, p.rows().size()))) {
          LOG.info("profile op={} ms={} share={} count={}", r.opType(), Math.round(r.millis()),
              String.format("%.3f", r.millis() / p.totalMillis()), r.count());
        }
        for (StepProfile.Memory m : p.memory()) {
          LOG.info("profile allocator={} max_mb_in_use={} after_node={}", m.allocator(),
              m.maxBytesInUse() / (1 << 20), m.atNode());
        }
        for (StepProfile.Node n : p.nodes().subList(0, Math.min(profile, p.nodes().size()))) {
          LOG.info("profile node={} op={} ms={}", n.name(), n.opType(), Math.round(n.millis()));
        }
      }
    }
  }

  /** Five comma-separated weights: mix, cluster, ac, scribble, category. */
  static LossWeights parseWeights(String text) {
    String[] parts = text.split(",");
    if (parts.length != 5) {
      throw new IllegalArgumentException("expected 5 comma-separated weights (mix, cluster, ac,"
          + " scribble, category), found '" + text + "'");
    }
    double[] w = new double[5];
    for (int i = 0; i < 5; i++) {
      w[i] = Double.parseDouble(parts[i].trim());
    }
    return new LossWeights(w[0], w[1], w[2], w[3], w[4]);
  }

  /** Noise images with a bright disc, scribbled rows of labels, half the slices unlabelled. */
  static StepFeeds synthetic(StepConfig config, SplittableRandom random) {
    int b = config.batch();
    int h = config.height();
    int w = config.width();
    int c = config.channels();
    int k = config.numClasses() + 1;
    float[] images = new float[b * h * w * c];
    float[] targets = new float[b * h * w * k];
    float[] known = new float[b];
    for (int s = 0; s < b; s++) {
      boolean labelled = s % 2 == 0;
      known[s] = labelled ? 1f : 0f;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double dy = y - h / 2.0;
          double dx = x - w / 2.0;
          double rad = Math.sqrt(dy * dy + dx * dx) / (Math.min(h, w) / 2.0);
          int label = Math.min(k - 1, rad < 0.2 ? 3 : rad < 0.3 ? 2 : rad < 0.4 ? 1 : 0);
          int px = (s * h + y) * w + x;
          for (int ch = 0; ch < c; ch++) {
            images[px * c + ch] = (float) (label * 0.5 + random.nextDouble());
          }
          if (labelled && y % 9 == 4) {
            targets[px * k + label] = 1f;
          }
        }
      }
    }
    MixingDraws draws = MixingDraws.draw(MixingConfig.defaults(), 2 * b, h, w, random);
    return StepFeeds.of(images, targets, known, draws);
  }

  /** VmHWM of /proc/self/status in MB, or -1 where it cannot be read. */
  static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.warn("peak RSS unavailable: {}", e.toString());
    }
    return -1;
  }
}
