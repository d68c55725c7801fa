package org.medcl.tools.train;

import com.google.common.base.Stopwatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.medcl.ops.Targets;
import org.medcl.tools.report.MetricsCsv;
import org.medcl.tools.report.TensorBoardWriter;
import org.medcl.tools.report.TrainingPlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: draws batches, runs steps, validates, writes checkpoints and reports.
 *
 * <p>Stops on the epoch limit, the wall-clock budget, patience over validation Dice, or a stop
 * request (SIGINT/SIGTERM); in every case it validates once more if anything was trained since
 * the last validation, writes {@code last} and the reports, and returns normally. {@code last}
 * is also written every {@code checkpointMinutes}, so a killed run loses at most that much.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final TrainConfig config;
  private final RunFolder run;
  private final TrainingBackend backend;
  private final BatchSampler sampler;
  private final Validator validator;
  private final int numClasses;
  private final int unannotated;
  private final int channels;
  private final StopSignal stop;
  private final Consumer<String> progress;

  /**
   * @param config resolved configuration
   * @param run the run folder (created)
   * @param backend the compiled step
   * @param sampler batches of training crops
   * @param validator scores the val cases through the backend's inference
   * @param numClasses m + 1 (background included)
   * @param unannotated label value without supervision
   * @param channels image channels
   * @param stop stop flag
   * @param progress receives a one-line status after every step (progress bar), may be a no-op
   */
  public Trainer(TrainConfig config, RunFolder run, TrainingBackend backend, BatchSampler sampler,
      Validator validator, int numClasses, int unannotated, int channels, StopSignal stop,
      Consumer<String> progress) {
    this.config = config;
    this.run = run;
    this.backend = backend;
    this.sampler = sampler;
    this.validator = validator;
    this.numClasses = numClasses;
    this.unannotated = unannotated;
    this.channels = channels;
    this.stop = stop;
    this.progress = progress;
  }

  /** Runs from {@code state} until a stop condition; returns the final state. */
  public TrainState train(TrainState state) throws IOException {
    TrainConfig.Train t = config.train();
    LearningRateSchedule schedule = LearningRateSchedule.parse(t.lr().schedule());
    int b = sampler.batchSize();
    int size = config.model().size();
    int stepsPerEpoch = sampler.stepsPerEpoch();
    List<String> columns = new ArrayList<>(List.of("step", "epoch", "minutes", "lr"));
    List<String> lossNames = null;
    Map<String, Double> lossSums = new LinkedHashMap<>();
    int lossCount = 0;
    LOG.info("training {} budget_minutes={} max_epochs={} steps_per_epoch={}",
        sampler.describe(), t.minutes(), t.epochs(), stepsPerEpoch);
    MetricsCsv csv = null;
    long lastValidatedStep = state.step();
    Stopwatch clock = Stopwatch.createStarted();
    double startSeconds = state.trainSeconds();
    double lastValidationSeconds = startSeconds;
    double lastCheckpointSeconds = startSeconds;
    float[] images = new float[b * size * size * channels];
    float[] targets = new float[b * size * size * numClasses];
    float[] known = new float[b];
    try (TensorBoardWriter tb = TensorBoardWriter.create(run.root())) {
      String reason = null;
      while (reason == null) {
        // One step on the next batch.
        List<BatchSampler.Crop> crops = sampler.batch(state.step());
        fill(crops, images, targets, known, size);
        double lr = schedule.rate(state.epoch(),
            LearningRateSchedule.progress(state.epoch(), t.epochs(), state.trainSeconds(),
                t.minutes() * 60), t.lr().min(), t.lr().max(), t.lr().periodEpochs());
        LinkedHashMap<String, Double> losses =
            backend.step(images, targets, known, state.step(), (float) lr);
        if (lossNames == null) {
          lossNames = new ArrayList<>(losses.keySet());
          for (String n : lossNames) {
            columns.add("loss_" + n);
          }
          columns.addAll(validator.columns());
          csv = MetricsCsv.open(run.metrics(), columns);
        }
        for (Map.Entry<String, Double> e : losses.entrySet()) {
          if (!Double.isFinite(e.getValue())) {
            throw new IllegalStateException("loss term " + e.getKey() + " is " + e.getValue()
                + " at step " + state.step() + "; lower the learning rate or check the data");
          }
          lossSums.merge(e.getKey(), e.getValue(), Double::sum);
        }
        lossCount++;
        long step = state.step() + 1;
        double epoch = (double) step / stepsPerEpoch;
        double seconds = startSeconds + clock.elapsed(TimeUnit.MILLISECONDS) / 1000.0;
        state = new TrainState(step, epoch, state.bestScore(), state.bestStep(),
            state.validationsSinceBest(), seconds, state.labeledCases());
        progress.accept(String.format(Locale.ROOT, "epoch=%.2f loss=%.4f", epoch,
            losses.values().iterator().next()));
        if (LOG.isDebugEnabled()) {
          LOG.debug("step={} lr={} {}", step, lr, format(losses));
        }

        // Stop conditions, checked before validation so that the last validation sees them.
        if (stop.requested()) {
          reason = "stop requested";
        } else if (t.minutes() > 0 && seconds >= t.minutes() * 60) {
          reason = "time budget of " + t.minutes() + " minutes reached";
        } else if (epoch >= t.epochs()) {
          reason = "epoch limit " + t.epochs() + " reached";
        }
        boolean epochEnd = step % stepsPerEpoch == 0;
        boolean validateNow = epochEnd || reason != null
            || seconds - lastValidationSeconds >= t.validateMinutes() * 60;

        // Validation, reports and the best checkpoint.
        if (validateNow && step > lastValidatedStep) {
          Map<String, Double> means = new LinkedHashMap<>();
          for (String n : lossNames) {
            means.put(n, lossSums.getOrDefault(n, 0.0) / Math.max(1, lossCount));
          }
          lossSums.clear();
          lossCount = 0;
          Validator.Result val = validator.validate(backend);
          lastValidatedStep = step;
          lastValidationSeconds = seconds;
          boolean improved = val.meanDice() > state.bestScore();
          state = new TrainState(step, epoch, improved ? val.meanDice() : state.bestScore(),
              improved ? step : state.bestStep(),
              improved ? 0 : state.validationsSinceBest() + 1, seconds, state.labeledCases());
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("step", step);
          row.put("epoch", round(epoch));
          row.put("minutes", round(seconds / 60));
          row.put("lr", lr);
          for (Map.Entry<String, Double> e : means.entrySet()) {
            row.put("loss_" + e.getKey(), e.getValue());
          }
          row.putAll(val.row());
          csv.append(row);
          Map<String, Double> scalars = new LinkedHashMap<>();
          means.forEach((k, v) -> scalars.put("loss/" + k, v));
          val.row().forEach((k, v) -> scalars.put("val/" + k, v));
          scalars.put("lr", lr);
          tb.scalars(step, scalars);
          LOG.info("epoch={} step={} minutes={} lr={} {} {}{}", round(epoch), step,
              round(seconds / 60), String.format(Locale.ROOT, "%.2e", lr), format(means),
              val.summary(), improved ? " best" : "");
          if (improved) {
            writeCheckpoint("best", state);
          }
          if (t.patience() > 0 && state.validationsSinceBest() >= t.patience() && reason == null) {
            reason = "no improvement in " + t.patience() + " validations";
          }
          TrainingPlot.fromMetricsCsv(run.metrics(), "MedCL training, "
              + run.root().getFileName(), "step", "loss_", validator.prefix() + "dice")
              .write(run.plot());
        }
        if (reason == null && seconds - lastCheckpointSeconds >= t.checkpointMinutes() * 60) {
          writeCheckpoint("last", state);
          lastCheckpointSeconds = seconds;
        }
      }
      LOG.info("stopping: {} at step={} epoch={} best_mean_dice={} best_step={}", reason,
          state.step(), round(state.epoch()), round(state.bestScore()), state.bestStep());
      writeCheckpoint("last", state);
    } finally {
      if (csv != null) {
        csv.close();
      }
    }
    return state;
  }

  /** Writes the batch's crops into the feed arrays. */
  private void fill(List<BatchSampler.Crop> crops, float[] images, float[] targets,
      float[] known, int size) {
    int pixels = size * size;
    for (int i = 0; i < crops.size(); i++) {
      BatchSampler.Crop c = crops.get(i);
      System.arraycopy(c.image(), 0, images, i * pixels * channels, pixels * channels);
      if (c.labels() != null) {
        float[] oneHot = Targets.oneHot(c.labels(), numClasses, unannotated);
        System.arraycopy(oneHot, 0, targets, i * pixels * numClasses, pixels * numClasses);
        known[i] = 1f;
      } else {
        java.util.Arrays.fill(targets, i * pixels * numClasses, (i + 1) * pixels * numClasses,
            0f);
        known[i] = 0f;
      }
    }
  }

  private void writeCheckpoint(String name, TrainState state) throws IOException {
    Path staged = run.checkpoints().resolve(name + ".staging");
    AtomicFiles.deleteRecursively(staged);
    Files.createDirectories(staged);
    backend.save(staged.resolve(RunFolder.MODEL_PREFIX));
    state.write(staged);
    AtomicFiles.replaceFolder(staged, run.checkpoints().resolve(name));
    LOG.debug("checkpoint={} step={}", name, state.step());
  }

  private static String format(Map<String, Double> losses) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : losses.entrySet()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(e.getKey()).append('=').append(String.format(Locale.ROOT, "%.4f", e.getValue()));
    }
    return sb.toString();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
