package org.medcl.tools.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medcl.tools.train.TrainConfig;
import org.medcl.tools.train.TrainJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
      "Ctrl-C stops after the current step and writes everything; a second Ctrl-C exits at once."
    })
public final class TrainCommand implements Callable<Integer> {

  /** Config keys a resumed run may change: where to stop and how many threads. */
  static final List<String> RESUME_KEYS =
      List.of("train.threads", "train.epochs", "train.minutes", "train.patience");

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

  @Option(names = "--seed", description = "Seed of every random choice.")
  Long seed;

  @Option(names = "--batch", description = "Slices per step (a step forwards 4x as many).")
  Integer batch;

  @Option(names = "--preset", description = "UNet preset: small or reference.")
  String preset;

  @Option(names = "--size", description = "Training crop side in pixels.")
  Integer size;

  @Option(names = "--lr-schedule", description = "constant, triangular or cosine.")
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
      return TrainJob.resume(resume, data, allowed).run() ? 0 : 1;
    }
    TrainConfig resolved = TrainConfig.resolve(config, overrides());
    Path out = output != null ? output : defaultRunFolder();
    if (Files.exists(out.resolve("checkpoints"))) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "run folder " + out + " already holds a run; use --resume " + out + " or another "
              + "--output");
    }
    return TrainJob.start(resolved, out, data).run() ? 0 : 1;
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
