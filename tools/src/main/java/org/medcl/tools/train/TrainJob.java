package org.medcl.tools.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.medcl.data.dataset.CaseRef;
import org.medcl.data.dataset.DataRoot;
import org.medcl.data.dataset.Dataset;
import org.medcl.data.dataset.DatasetDescriptor;
import org.medcl.data.dataset.Datasets;
import org.medcl.data.dataset.LabeledCase;
import org.medcl.tools.predict.ModelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run from configuration to reports: resolves the data, chooses the labelled cases,
 * loads and slices the volumes, builds the graph, restores {@code last} when resuming, runs the
 * {@link Trainer}, and writes {@code config.yaml} and {@code provenance.json}.
 */
public final class TrainJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

  private final TrainConfig config;
  private final RunFolder run;
  private final Path dataFlag;
  private final boolean resume;
  /** The multi-worker run this process is the chief of, or null. */
  private ClusterTask cluster;

  private TrainJob(TrainConfig config, RunFolder run, Path dataFlag, boolean resume) {
    this.config = config;
    this.run = run;
    this.dataFlag = dataFlag;
    this.resume = resume;
  }

  /** A new run in {@code folder}. */
  public static TrainJob start(TrainConfig config, Path folder, Path dataFlag) {
    return new TrainJob(config, new RunFolder(folder), dataFlag, false);
  }

  /**
   * Continues the run in {@code folder} with its saved configuration, with {@code overrides}
   * (the stop conditions and thread count) applied and saved.
   */
  public static TrainJob resume(Path folder, Path dataFlag, Map<String, String> overrides)
      throws IOException {
    RunFolder run = new RunFolder(folder);
    if (!Files.isRegularFile(run.config())) {
      throw new IOException("cannot resume " + folder + ": no " + run.config().getFileName()
          + " there (is it a run folder?)");
    }
    TrainConfig config = TrainConfig.resolve(run.config(), overrides);
    if (!overrides.isEmpty()) {
      config.save(run.config());
    }
    return new TrainJob(config, run, dataFlag, true);
  }

  /**
   * Trains as the chief of {@code task}'s cluster: the step graph has one replica per task and
   * its session runs on the cluster (see {@link ClusterBackend} for a failed run).
   */
  public TrainJob onCluster(ClusterTask task) {
    if (task != null && !task.chief()) {
      throw new IllegalArgumentException("only the chief (task 0) trains, found task "
          + task.task());
    }
    this.cluster = task;
    return this;
  }

  /** The resolved configuration of this run. */
  public TrainConfig config() {
    return config;
  }

  /** The resolved data root of this run. */
  Path dataRoot() throws IOException {
    if (dataFlag == null && config.data().root() != null) {
      return DataRoot.resolve(Path.of(config.data().root()));
    }
    return DataRoot.resolve(dataFlag);
  }

  /** Runs to the end; true when training finished normally. */
  public boolean run() throws IOException {
    run.create();
    Path root = dataRoot();
    Dataset dataset = Datasets.open(root);
    DatasetDescriptor d = dataset.descriptor();
    if (!dataset.splits().contains("val")) {
      throw new IOException("dataset " + root + " has no val split (found " + dataset.splits()
          + "); training validates on val cases");
    }
    List<CaseRef> trainRefs = subset(dataset.cases("train"), config.data().trainCases(), "train");
    List<CaseRef> valRefs = subset(dataset.cases("val"), config.data().valCases(), "val");
    TrainState state;
    if (resume) {
      state = TrainState.read(run.existingCheckpoint("last"));
      LOG.info("resuming run={} step={} epoch={} best_mean_dice={}", run.root(), state.step(),
          state.epoch(), state.bestScore());
    } else {
      state = TrainState.initial(chooseLabeled(trainRefs));
      config.save(run.config());
      new ModelInfo(config.model().preset(), d.channelCount(), config.model().spacing(),
          d.classes().stream().map(DatasetDescriptor.LabelClass::name).toList(),
          d.classes().stream().map(DatasetDescriptor.LabelClass::value).toList(),
          d.backgroundValue()).write(run.root());
    }
    Set<String> labeled = new HashSet<>(state.labeledCases());
    int threads = config.train().threads() > 0 ? config.train().threads()
        : Runtime.getRuntime().availableProcessors();
    LOG.info("data={} layout={} train_cases={} labeled_cases={} val_cases={}", root,
        dataset.layout(), trainRefs.size(), labeled.size(), valRefs.size());
    long t0 = System.nanoTime();
    List<LabeledCase> train = TrainingData.load(dataset, trainRefs, threads);
    List<LabeledCase> val = TrainingData.load(dataset, valRefs, threads);
    List<TrainSlice> slices = new ArrayList<>();
    FarBackground far = new FarBackground(config.data().farBackgroundMm(),
        config.data().farBackgroundStride(), TrainingData.UNANNOTATED);
    long pseudo = 0;
    for (LabeledCase c : train) {
      Double target = config.model().spacing();
      double dy = target != null ? target : c.image().spacing()[1];
      double dx = target != null ? target : c.image().spacing()[0];
      for (TrainSlice s : TrainingData.slices(c, d, target, labeled.contains(c.id()))) {
        TrainSlice withFar = far.apply(s, dy, dx);
        pseudo += FarBackground.added(s, withFar);
        slices.add(withFar);
      }
    }
    if (far.enabled()) {
      LOG.info("far_background_mm={} stride={} pseudo_background_pixels={}",
          config.data().farBackgroundMm(), config.data().farBackgroundStride(), pseudo);
    }
    LOG.info("loaded cases={} slices={} seconds={}", train.size() + val.size(), slices.size(),
        String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
    List<Path> files = new ArrayList<>();
    for (CaseRef r : trainRefs) {
      files.addAll(r.images());
      r.labelFile().ifPresent(files::add);
    }
    for (CaseRef r : valRefs) {
      files.addAll(r.images());
      r.labelFile().ifPresent(files::add);
    }
    Provenance provenance = Provenance.start("medcl-train", config.toTree()).data(root, files);
    provenance.put("labeledCases", String.join(",", state.labeledCases()));
    provenance.write(run.provenance());

    TrainConfig.Train t = config.train();
    BatchSampler sampler = new BatchSampler(slices, t.batch(), config.model().size(),
        t.amplification(), config.data().unlabeledRatio(), t.randomCrops(),
        TrainingData.UNANNOTATED, t.seed());
    int[] classValues = d.classes().stream().mapToInt(DatasetDescriptor.LabelClass::value)
        .toArray();
    Validator validator = new Validator(val,
        d.classes().stream().map(DatasetDescriptor.LabelClass::name).toList(), classValues,
        d.unannotatedValue().orElse(Integer.MIN_VALUE), config.model().spacing(),
        t.validateLargestComponent());
    StopSignal stop = StopSignal.install();
    try (TrainingBackend backend = ClusterBackend.wrap(cluster, GraphBackend.create(config,
        sampler.batchSize(), d.foregroundCount(), d.channelCount(), threads, cluster))) {
      if (resume) {
        backend.restore(run.existingCheckpoint("last").resolve(RunFolder.MODEL_PREFIX));
      }
      ProgressBar bar = System.console() == null ? null
          : new ProgressBarBuilder().setTaskName("train").setStyle(ProgressBarStyle.ASCII)
              .setInitialMax(t.minutes() > 0 ? Math.round(t.minutes() * 60)
                  : (long) t.epochs() * sampler.stepsPerEpoch())
              .setUnit(t.minutes() > 0 ? " s" : " steps", 1).build();
      long doneAtStart = t.minutes() > 0 ? (long) state.trainSeconds() : state.step();
      TrainState end;
      try {
        Trainer trainer = new Trainer(config, run, backend, sampler, validator,
            d.foregroundCount() + 1, TrainingData.UNANNOTATED, d.channelCount(), stop,
            bar == null ? s -> { } : s -> {
              bar.setExtraMessage(" " + s);
              bar.stepTo(t.minutes() > 0 ? doneAtStart + bar.getTotalElapsed().toSeconds()
                  : bar.getCurrent() + 1);
            });
        end = trainer.train(state);
      } finally {
        if (bar != null) {
          bar.close();
        }
      }
      provenance.put("finalStep", Long.toString(end.step()));
      provenance.put("bestMeanDice", Double.toString(end.bestScore()));
      provenance.put("bestStep", Long.toString(end.bestStep()));
    }
    provenance.finish(run.provenance());
    LOG.info("run folder: {}", run.root().toAbsolutePath());
    return true;
  }

  private static List<CaseRef> subset(List<CaseRef> refs, List<String> ids, String split) {
    if (ids.isEmpty()) {
      return refs;
    }
    List<CaseRef> out = new ArrayList<>();
    for (String id : ids) {
      CaseRef found = refs.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(
          () -> new IllegalArgumentException("case '" + id + "' is not in the " + split
              + " split; known: " + refs.stream().map(CaseRef::id).toList()));
      out.add(found);
    }
    return out;
  }

  private List<String> chooseLabeled(List<CaseRef> refs) {
    List<String> ids = new ArrayList<>();
    for (CaseRef r : refs) {
      if (r.hasLabel()) {
        ids.add(r.id());
      }
    }
    List<String> list = config.data().labeledList();
    if (!list.isEmpty()) {
      for (String id : list) {
        if (!ids.contains(id)) {
          throw new IllegalArgumentException("labeled case '" + id + "' is not a labelled "
              + "training case; known: " + ids);
        }
      }
      return List.copyOf(list);
    }
    Integer n = config.data().labeledCases();
    if (n == null || n >= ids.size()) {
      if (n != null && n > ids.size()) {
        throw new IllegalArgumentException("--labeled-cases " + n + " exceeds the "
            + ids.size() + " labelled training cases");
      }
      return ids;
    }
    SplittableRandom r = new SplittableRandom(config.train().seed());
    List<String> pool = new ArrayList<>(ids);
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      chosen.add(pool.remove(r.nextInt(pool.size())));
    }
    chosen.sort(null);
    return chosen;
  }
}
