package org.medcl.data.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medcl.data.dataset.CaseRef;
import org.medcl.data.dataset.DataRoot;
import org.medcl.data.dataset.Dataset;
import org.medcl.data.dataset.Datasets;
import org.medcl.data.preprocess.PreparedCase;
import org.medcl.data.preprocess.SliceConfig;
import org.medcl.data.preprocess.Slicer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and preprocesses every train and val case of a dataset (the 30 shared MSCMR volumes by
 * default) into 212 x 212 training slices, with a small pool over volumes, and logs the time
 * and slices per second of each run.
 *
 * <p>Usage: {@code LoadBenchmark [--data DIR] [--threads N] [--runs N]}; defaults: the data
 * root of {@link DataRoot}, 2 threads, 3 runs (the first one includes JIT warm-up).
 */
public final class LoadBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(LoadBenchmark.class);

  private LoadBenchmark() {
  }

  /**
   * Result of one run.
   *
   * @param seconds wall time
   * @param cpuSeconds CPU time of the whole process during the run (all threads, JIT and GC
   *     included), or -1 when the JVM cannot tell; meaningful when other jobs share the cores
   * @param volumes cases loaded
   * @param slices slices produced
   */
  public record Run(double seconds, double cpuSeconds, int volumes, int slices) {
    /** Slices per second. */
    public double slicesPerSecond() {
      return slices / seconds;
    }
  }

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    Path data = null;
    int threads = 2;
    int runs = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data":
          data = Path.of(args[++i]);
          break;
        case "--threads":
          threads = Integer.parseInt(args[++i]);
          break;
        case "--runs":
          runs = Integer.parseInt(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown argument '" + args[i]
              + "', expected --data DIR, --threads N or --runs N");
      }
    }
    Dataset d = Datasets.open(DataRoot.resolve(data));
    List<CaseRef> cases = new ArrayList<>();
    for (String split : List.of("train", "val")) {
      if (d.splits().contains(split)) {
        cases.addAll(d.cases(split));
      }
    }
    LOG.info("benchmark data={} volumes={} threads={} size={}x{}", d.root(), cases.size(),
        threads, SliceConfig.DEFAULT_SIZE, SliceConfig.DEFAULT_SIZE);
    double best = Double.MAX_VALUE;
    for (int r = 1; r <= runs; r++) {
      Run run = run(d, cases, new Slicer(SliceConfig.DEFAULT), threads);
      best = Math.min(best, run.seconds());
      LOG.info("run={} volumes={} slices={} seconds={} cpu_seconds={} slices_per_second={}", r,
          run.volumes(), run.slices(), String.format("%.3f", run.seconds()),
          String.format("%.3f", run.cpuSeconds()), String.format("%.1f", run.slicesPerSecond()));
    }
    LOG.info("best_seconds={}", String.format("%.3f", best));
  }

  /** Loads and slices the cases with a pool of {@code threads} workers. */
  public static Run run(Dataset d, List<CaseRef> cases, Slicer slicer, int threads)
      throws IOException {
    long cpu0 = processCpuNanos();
    long start = System.nanoTime();
    int slices = 0;
    for (PreparedCase p : slicer.sliceCases(d, cases, threads)) {
      slices += p.slices().size();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    long cpu1 = processCpuNanos();
    double cpu = cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / 1e9;
    return new Run(wall, cpu, cases.size(), slices);
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return -1;
  }
}
