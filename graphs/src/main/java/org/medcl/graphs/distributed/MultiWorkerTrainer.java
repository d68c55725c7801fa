package org.medcl.graphs.distributed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.medcl.graphs.StepConfig;
import org.medcl.graphs.StepResult;
import org.medcl.graphs.ThreadSettings;
import org.medcl.losses.ClusterLoss;
import org.medcl.models.UNetConfig;
import org.medcl.ops.Sinkhorn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Server;
import org.tensorflow.proto.ConfigProto;

/**
 * One task of a multi-worker run on TensorFlow's gRPC runtime, on seeded synthetic batches (the
 * check of the runtime that {@code medcl train --cluster} builds on). Every task starts an
 * {@link Server} for its entry of {@code cluster.json}; task 0, the chief, builds the mirrored
 * step with one replica per task, runs its session against its own server and logs
 * {@code step=K loss=X}; the other tasks serve until they are killed.
 *
 * <p>Usage: {@code MultiWorkerTrainer --cluster cluster.json --task K [--steps 3] [--batch 4]
 * [--size 32] [--timeout-ms 20000] [--save prefix]}. The chief exits 0 after the last step
 * (and the checkpoint, with {@code --save}), or 1 with an ERROR line naming the failed run
 * when a worker is gone (every run is bounded by {@code --timeout-ms}).
 *
 * <p>Checkpoints are written by the chief's session on the host device, task 0, to the
 * chief's disk, in the single-device layout. TODO: restoring through a remote session (a
 * resumed multi-worker run) was not tried.
 */
public final class MultiWorkerTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(MultiWorkerTrainer.class);

  private MultiWorkerTrainer() {}

  /** Entry point; see the class comment. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path cluster = null;
    int task = -1;
    int steps = 3;
    int batch = 4;
    int size = 32;
    long timeoutMs = 20_000;
    String save = null;
    for (int i = 0; i < args.length; i++) {
      String key = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + key);
      }
      String v = args[++i];
      switch (key) {
        case "--cluster" -> cluster = Path.of(v);
        case "--task" -> task = Integer.parseInt(v);
        case "--steps" -> steps = Integer.parseInt(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--size" -> size = Integer.parseInt(v);
        case "--timeout-ms" -> timeoutMs = Long.parseLong(v);
        case "--save" -> save = v;
        default -> throw new IllegalArgumentException("unknown option " + key + ", expected"
            + " --cluster, --task, --steps, --batch, --size, --timeout-ms or --save");
      }
    }
    if (cluster == null) {
      throw new IllegalArgumentException("--cluster cluster.json is required");
    }
    ClusterSpec spec = ClusterSpec.read(cluster);
    spec.checkTask(task);
    ConfigProto session = ConfigProto.newBuilder().setOperationTimeoutInMs(timeoutMs).build();
    // Server.stop() throws in TensorFlow Java 1.1.0: the server lives until the process exits
    Server server = new Server(spec.serverDef(task, session));
    server.start();
    LOG.info("server started task={} address={} tasks={}", task, spec.workers().get(task),
        spec.size());
    if (task != 0) {
      server.join();
      return;
    }
    try {
      List<StepResult> results = train(config(batch, size), spec.mirrored(),
          spec.target(0), timeoutMs, steps, save);
      LOG.info("training done steps={} last_loss={}", results.size(),
          results.get(results.size() - 1).total());
      System.exit(0);
    } catch (RuntimeException e) {
      LOG.error("training failed: a run on the cluster {} did not complete: {}",
          spec.workers(), e.getMessage());
      System.exit(1);
    }
  }

  /** The step configuration of this check: a depth-2 UNet, 4 base filters, no dropout. */
  public static StepConfig config(int batch, int size) {
    UNetConfig unet = UNetConfig.builder().depth(2).baseFilters(4)
        .dropoutRates(List.of(0f, 0f, 0f)).build();
    return StepConfig.builder(batch, size, size).unet(unet)
        .cluster(new ClusterLoss(3, 16, Sinkhorn.defaults(), 0.1, 0.1, 1)).build();
  }

  /**
   * Runs {@code steps} steps on seeded synthetic batches; {@code target} null runs in this
   * process (the reference the multi-worker run is compared with).
   */
  public static List<StepResult> train(StepConfig config, MirroredConfig mirrored,
      String target, long timeoutMs, int steps) {
    return train(config, mirrored, target, timeoutMs, steps, null);
  }

  /** As the five-argument form, then saves to {@code checkpoint} unless it is null. */
  public static List<StepResult> train(StepConfig config, MirroredConfig mirrored,
      String target, long timeoutMs, int steps, String checkpoint) {
    List<StepResult> out = new ArrayList<>();
    MirroredStepGraph g = MirroredStepGraph.build(config, mirrored, new ThreadSettings(1, 2),
        target, timeoutMs);
    try {
      SplittableRandom random = new SplittableRandom(config.seed());
      for (int s = 0; s < steps; s++) {
        StepResult r = g.step(MirroredStepBenchmark.synthetic(config, random), 1e-3f);
        LOG.info("step={} loss={}", r.step(), r.total());
        out.add(r);
      }
      if (checkpoint != null) {
        g.save(checkpoint);
      }
    } catch (RuntimeException e) {
      if (target == null) {
        g.close();
      }
      // TODO: a session whose worker died is left open: closing it asks the dead worker to
      // clean up and blocks; the caller is expected to end the process.
      throw e;
    }
    g.close();
    return out;
  }
}
