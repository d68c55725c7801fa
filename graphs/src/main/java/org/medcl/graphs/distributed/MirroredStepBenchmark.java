package org.medcl.graphs.distributed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.medcl.graphs.MedclStepGraph;
import org.medcl.graphs.StepConfig;
import org.medcl.graphs.StepFeeds;
import org.medcl.graphs.StepResult;
import org.medcl.graphs.ThreadSettings;
import org.medcl.graphs.bench.Median;
import org.medcl.models.UNetConfig;
import org.medcl.ops.mixing.MixingConfig;
import org.medcl.ops.mixing.MixingDraws;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the single-device MedCL step ({@code MedclStepGraph}, "devices 1") against the mirrored
 * step on R CPU devices ({@link MirroredStepGraph}, "devices R") with the same global batch, in
 * one process. The steps of the two graphs alternate (one of each per round, same feeds), so
 * that load from other processes on the machine hits both alike.
 *
 * <p>Usage: {@code MirroredStepBenchmark [--preset small] [--batch 4] [--size 64]
 * [--devices 2] [--steps 6] [--warmup 2] [--intra 0] [--inter 0] [--batch-norm synchronised]
 * [--batch-terms gathered]}. Logs the median ms per step of each and their ratio
 * (mirrored / single).
 */
public final class MirroredStepBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(MirroredStepBenchmark.class);

  private MirroredStepBenchmark() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) {
    String preset = "small";
    int batch = 4;
    int size = 64;
    String devices = "2";
    int steps = 6;
    int warmup = 2;
    int intra = 0;
    int inter = 0;
    BatchNormSync bn = BatchNormSync.DEFAULT;
    BatchTerms terms = BatchTerms.DEFAULT;
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
        case "--devices" -> devices = v;
        case "--steps" -> steps = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--intra" -> intra = Integer.parseInt(v);
        case "--inter" -> inter = Integer.parseInt(v);
        case "--batch-norm" -> bn = BatchNormSync.parse(v);
        case "--batch-terms" -> terms = BatchTerms.parse(v);
        default -> throw new IllegalArgumentException("unknown option " + key + ", expected"
            + " --preset, --batch, --size, --devices, --steps, --warmup, --intra, --inter,"
            + " --batch-norm or --batch-terms");
      }
    }
    if (steps < 1 || warmup < 0) {
      throw new IllegalArgumentException("expected steps >= 1 and warmup >= 0, found " + steps
          + " and " + warmup);
    }
    StepConfig config = StepConfig.builder(batch, size, size).unet(UNetConfig.preset(preset))
        .build();
    MirroredConfig mirrored = MirroredConfig.parse(devices).withBatchNorm(bn)
        .withBatchTerms(terms);
    double[] medians = run(config, mirrored, steps, warmup, new ThreadSettings(intra, inter));
    LOG.info("bench preset={} batch={} size={}x{} devices={} batch_norm={} batch_terms={}"
        + " threads={}/{} steps={} warmup={}", preset, batch, size, size, mirrored.devices(),
        bn, terms, intra, inter, steps, warmup);
    LOG.info("bench single_median_ms={} mirrored_median_ms={} ratio={}",
        String.format("%.1f", medians[0]), String.format("%.1f", medians[1]),
        String.format("%.3f", medians[1] / medians[0]));
  }

  /** Median ms per step of the single-device and the mirrored graph, alternating steps. */
  static double[] run(StepConfig config, MirroredConfig mirrored, int steps, int warmup,
      ThreadSettings threads) {
    List<double[]> ms = List.of(new double[steps], new double[steps]);
    try (MedclStepGraph single = MedclStepGraph.build(config, threads);
        MirroredStepGraph multi = MirroredStepGraph.build(config, mirrored, threads)) {
      SplittableRandom random = new SplittableRandom(config.seed());
      for (int i = 0; i < warmup + steps; i++) {
        StepFeeds feeds = synthetic(config, random);
        List<StepResult> results = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
          long s = System.nanoTime();
          results.add(g == 0 ? single.step(feeds, 1e-4f) : multi.step(feeds, 1e-4f));
          double elapsed = (System.nanoTime() - s) / 1e6;
          if (i >= warmup) {
            ms.get(g)[i - warmup] = elapsed;
          }
        }
        LOG.info("bench step={} single_loss={} mirrored_loss={} {}", i + 1,
            results.get(0).total(), results.get(1).total(), i < warmup ? "warmup" : "timed");
      }
    }
    return new double[] {Median.of(ms.get(0)), Median.of(ms.get(1))};
  }

  /** Seeded noise images, a few scribbled rows per slice, fresh mixing draws. */
  static StepFeeds synthetic(StepConfig c, SplittableRandom r) {
    int b = c.batch();
    int n = c.height() * c.width();
    float[] images = new float[b * n * c.channels()];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) r.nextGaussian();
    }
    int k = c.numClasses() + 1;
    float[] targets = new float[b * n * k];
    for (int p = 0; p < b * n; p++) {
      if (p % c.width() == 0 || p % 7 == 0) {
        targets[p * k + r.nextInt(k)] = 1f;
      }
    }
    float[] known = new float[b];
    Arrays.fill(known, 1f);
    MixingDraws draws = MixingDraws.draw(MixingConfig.defaults(), 2 * b, c.height(), c.width(),
        r);
    return StepFeeds.of(images, targets, known, draws);
  }
}
