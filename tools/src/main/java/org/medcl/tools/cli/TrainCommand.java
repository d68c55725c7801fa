package org.medcl.tools.cli;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medcl.graphs.ThreadSettings;
import org.medcl.tools.train.ClusterTask;
import org.medcl.tools.train.TrainConfig;
import org.medcl.tools.train.TrainJob;
import org.tensorflow.Server;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code medcl train}: trains MedCL-UNet from scribbles; see {@link TrainJob}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains MedCL-UNet on a dataset's train split from its scribbles and validates on its val "
          + "split (full volumes, 3D Dice per class).",
      "Writes a run folder: checkpoints/last and checkpoints/best, metrics.csv, TensorBoard "
          + "events, training.png, config.yaml and provenance.json.",
      "Ctrl-C stops after the current step and writes everything; a second Ctrl-C exits at once.",
      "Several machines: run the same command on each with --cluster FILE and its own --task; "
          + "task 0 (the chief) trains and writes the run folder, the others serve until killed."
    })
public final class TrainCommand implements Callable<Integer> {

  /** Config keys a resumed run may change: where to stop and how many threads. */
  static final List<String> RESUME_KEYS =
      List.of("train.threads", "train.epochs", "train.minutes", "train.patience");

  /** Default of {@code --worker-timeout-seconds}. */
  static final int DEFAULT_WORKER_TIMEOUT_SECONDS = 60;

  @Spec private CommandSpec spec;

  @Option(names = "--config", description = "YAML or JSON config (default: the shipped "
      + "configs/mscmr-cpu.yaml); flags override it.")
  Path config;

  @Option(names = "--data", description = "Dataset folder (default: $MEDCL_DATA, else "
      + "../shared/data/mscmr).")
  Path data;

  @Option(names = "--output", description = "Run folder (default: runs/<date-time>).")
  Path output;

  @Option(names = "--resume", description = "Continue the run in this folder from "
      + "checkpoints/last, with its saved config.")
  Path resume;

  @Option(names = "--epochs", description = "Maximum epochs.")
  Integer epochs;

  @Option(names = "--minutes", description = "Wall-clock budget in minutes (0 = none).")
  Double minutes;

  @Option(names = "--patience", description = "Stop after this many validations without a "
      + "better mean Dice (0 = off).")
  Integer patience;

  @Option(names = "--labeled-cases", description = "N training cases keep their scribbles "
      + "(a seeded random choice); the others are used without labels. Default: all.")
  Integer labeledCases;

  @Option(names = "--labeled-list", split = ",", description = "Explicit subject ids that keep "
      + "their scribbles, comma-separated.")
  List<String> labeledList;

  @Option(names = "--threads", description = "TensorFlow threads (default: all cores).")
  Integer threads;

  @Option(names = "--devices", description = "Mirrored replicas: a count of CPU devices or a "
      + "list such as gpu:0,gpu:1 (default 1: one device). The global batch is split over them.")
  String devices;

  @Option(names = "--cluster", paramLabel = "FILE", description = "Multi-worker training on "
      + "TensorFlow's gRPC runtime: a JSON file listing every task's host:port, "
      + "{\"workers\": [\"host0:2222\", \"host1:2222\"]}, the same file on every machine. "
      + "Each task is one replica of the mirrored step (the global batch is split over the "
      + "tasks), so --devices must stay 1. Needs --task.")
  Path cluster;

  @Option(names = "--task", paramLabel = "K", description = "This process's index in the "
      + "--cluster workers list. Task 0 is the chief: it loads the data, trains and is the only "
      + "task that writes; any other task starts its server and serves until it is killed.")
  Integer task;

  @Option(names = "--worker-timeout-seconds", paramLabel = "S", description = "With "
      + "--cluster: bound of every run of the chief on the cluster, and of the wait for the "
      + "workers at start (default " + DEFAULT_WORKER_TIMEOUT_SECONDS + "); a worker that died "
      + "or hangs makes the chief exit 1 within about this long, with an error naming the "
      + "tasks. Must exceed the longest single run: the first step (which sets the graph up on "
      + "the workers), any step, a validation.")
  Double workerTimeoutSeconds;

  @Option(names = "--seed", description = "Seed of every random choice.")
  Long seed;

  @Option(names = "--batch", description = "Slices per step (a step forwards 4x as many).")
  Integer batch;

  @Option(names = "--preset", description = "UNet preset: small or reference.")
  String preset;

  @Option(names = "--size", description = "Training crop side in pixels.")
  Integer size;

  @Option(names = "--lr-schedule", description = "constant, triangular or cosine (cosine decays"
      + " over --epochs or --minutes, whichever ends the run first).")
  String lrSchedule;

  @Option(names = "--lr", description = "Maximum (and constant) learning rate.")
  Double lr;

  @Option(names = "--validate-minutes", description = "Validate at least this often.")
  Double validateMinutes;

  @Option(names = "--checkpoint-minutes", description = "Write checkpoints/last at least this "
      + "often.")
  Double checkpointMinutes;

  @Option(names = "--set", description = "Override any config key: section.key=value "
      + "(e.g. loss.cluster=0).")
  Map<String, String> set = new LinkedHashMap<>();

  @Override
  public Integer call() throws IOException {
    ClusterTask clusterTask = clusterTask();
    if (clusterTask != null && !clusterTask.chief()) {
      return serve(clusterTask);
    }
    if (resume != null) {
      Map<String, String> others = overrides();
      Map<String, String> allowed = new LinkedHashMap<>();
      for (String k : RESUME_KEYS) {
        if (others.containsKey(k)) {
          allowed.put(k, others.remove(k));
        }
      }
      if (config != null || !others.isEmpty()) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--resume continues with the run's saved config; of the training flags it takes "
                + "only --data, --threads, --epochs, --minutes and --patience, found "
                + others.keySet());
      }
      TrainJob job = TrainJob.resume(resume, data, allowed);
      return runChief(job, clusterTask, job.config());
    }
    TrainConfig resolved = TrainConfig.resolve(config, overrides());
    Path out = output != null ? output : defaultRunFolder();
    if (Files.exists(out.resolve("checkpoints"))) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "run folder " + out + " already holds a run; use --resume " + out + " or another "
              + "--output");
    }
    return runChief(TrainJob.start(resolved, out, data), clusterTask, resolved);
  }

  /**
   * Runs {@code job}; as the chief of {@code clusterTask} when it is not null, after starting
   * the chief's server.
   */
  private int runChief(TrainJob job, ClusterTask clusterTask, TrainConfig resolved)
      throws IOException {
    if (clusterTask == null) {
      return job.run() ? 0 : 1;
    }
    if (!resolved.train().devices().trim().equals("1")) {
      throw usage("--cluster runs one replica per task, so train.devices must be 1, found \""
          + resolved.train().devices() + "\"");
    }
    Server server = clusterTask.startServer(serverThreads(resolved.train().threads()));
    try {
      return job.onCluster(clusterTask).run() ? 0 : 1;
    } finally {
      // the server must outlive every run of the chief's session
      Reference.reachabilityFence(server);
    }
  }

  /** A task other than the chief: starts its server and serves until it is killed. */
  private int serve(ClusterTask clusterTask) throws IOException {
    int configured = threads != null ? threads
        : resume == null ? TrainConfig.resolve(config, overrides()).train().threads() : 0;
    Server server = clusterTask.startServer(serverThreads(configured));
    clusterTask.serve(server);
    return 0;
  }

  private static ThreadSettings serverThreads(int configured) {
    int intra = configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    // two inter-op threads, as the mirrored step on one machine: a replica does not wait for
    // the host's ops
    return new ThreadSettings(intra, 2);
  }

  /** Checks the multi-worker flags; the task of this process, or null without --cluster. */
  ClusterTask clusterTask() throws IOException {
    if (cluster == null) {
      if (task != null) {
        throw usage("--task " + task + " needs --cluster FILE");
      }
      if (workerTimeoutSeconds != null) {
        throw usage("--worker-timeout-seconds needs --cluster FILE");
      }
      return null;
    }
    if (task == null) {
      throw usage("--cluster " + cluster + " needs --task K, this process's index in the "
          + "file's workers list (0 is the chief)");
    }
    if (devices != null && !devices.trim().equals("1")) {
      throw usage("--cluster runs one replica per task; it cannot be combined with --devices "
          + devices + " (leave --devices at 1)");
    }
    double seconds = workerTimeoutSeconds == null ? DEFAULT_WORKER_TIMEOUT_SECONDS
        : workerTimeoutSeconds;
    if (!(seconds >= 0.001) || Double.isInfinite(seconds)) {
      throw usage("--worker-timeout-seconds must be a positive number of seconds, found "
          + workerTimeoutSeconds);
    }
    try {
      return ClusterTask.read(cluster, task, Math.round(seconds * 1000));
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** The flags as config overrides. */
  Map<String, String> overrides() {
    Map<String, String> o = new LinkedHashMap<>();
    put(o, "train.epochs", epochs);
    put(o, "train.minutes", minutes);
    put(o, "train.patience", patience);
    put(o, "data.labeledCases", labeledCases);
    if (labeledList != null) {
      o.put("data.labeledList", "[" + String.join(",", new ArrayList<>(labeledList)) + "]");
    }
    put(o, "train.threads", threads);
    put(o, "train.seed", seed);
    if (devices != null) {
      o.put("train.devices", "\"" + devices + "\"");
    }
    put(o, "train.batch", batch);
    put(o, "model.preset", preset);
    put(o, "model.size", size);
    put(o, "train.lr.schedule", lrSchedule);
    put(o, "train.lr.max", lr);
    put(o, "train.validateMinutes", validateMinutes);
    put(o, "train.checkpointMinutes", checkpointMinutes);
    o.putAll(set);
    return o;
  }

  private static void put(Map<String, String> o, String key, Object value) {
    if (value != null) {
      o.put(key, String.valueOf(value));
    }
  }

  static Path defaultRunFolder() {
    return Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern(
        "yyyyMMdd-HHmmss")));
  }
}
