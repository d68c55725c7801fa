package org.medcl.tools.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medcl.data.dataset.LabelKind;
import org.medcl.data.dataset.LabeledCase;
import org.medcl.tools.postprocess.ConnectedComponents;
import org.medcl.tools.predict.VolumePredictor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the val cases during training: every case predicted whole (all slices, full extent, in
 * the native grid), 3D Dice per foreground class and their mean, averaged over cases;
 * optionally after keeping the largest 3D connected component per class, as {@code medcl predict
 * --largest-component} does.
 *
 * <p>When a case's label is a scribble volume, only its annotated voxels are scored (the Dice of
 * each class over the annotated voxels); the log line and the metrics columns say so with the
 * prefix {@code val_scribble_} instead of {@code val_}.
 */
public final class Validator {
  private static final Logger LOG = LoggerFactory.getLogger(Validator.class);

  private final List<LabeledCase> cases;
  /** Each case's label values, read once: validation runs many times over the same cases. */
  private final List<int[]> truths;
  private final List<String> classNames;
  private final int[] classValues;
  private final int unannotated;
  private final Double spacing;
  private final boolean largestComponent;
  private final Map<Integer, Integer> anchors;
  private final String prefix;

  /**
   * @param cases the val cases with their labels
   * @param classNames foreground class names in value order
   * @param classValues foreground label values
   * @param unannotated label value without supervision
   * @param spacing the model's in-plane spacing in mm, or null for native
   * @param largestComponent score each prediction after keeping its largest 3D component per
   *     class
   */
  public Validator(List<LabeledCase> cases, List<String> classNames, int[] classValues,
      int unannotated, Double spacing, boolean largestComponent) {
    if (cases.isEmpty()) {
      throw new IllegalArgumentException("no val cases to validate on");
    }
    this.cases = List.copyOf(cases);
    this.truths = new ArrayList<>();
    for (LabeledCase c : this.cases) {
      int[] gt = new int[c.label().voxelCount()];
      for (int i = 0; i < gt.length; i++) {
        gt[i] = Math.round(c.label().get(i));
      }
      truths.add(gt);
    }
    this.classNames = List.copyOf(classNames);
    this.classValues = classValues.clone();
    this.unannotated = unannotated;
    this.spacing = spacing;
    this.largestComponent = largestComponent;
    this.anchors = ConnectedComponents.heartAnchors(classNames, classValues);
    boolean scribbles = cases.stream().anyMatch(c -> c.ref().kind() == LabelKind.SCRIBBLE);
    this.prefix = scribbles ? "val_scribble_" : "val_";
    if (scribbles) {
      LOG.info("val labels are scribbles: validation scores the annotated pixels only");
    }
    if (largestComponent) {
      LOG.info("validation keeps the largest 3D component per class before scoring");
    }
  }

  /** Prefix of the metric columns: {@code val_}, or {@code val_scribble_} on scribbles. */
  public String prefix() {
    return prefix;
  }

  /** Metric columns, in order. */
  public List<String> columns() {
    List<String> cols = new ArrayList<>();
    for (String n : classNames) {
      cols.add(prefix + "dice_" + n);
    }
    cols.add(prefix + "dice_mean");
    return cols;
  }

  /** Validation scores. */
  public record Result(Map<String, Double> row, double meanDice, String summary) {}

  /** Predicts and scores every case through the backend. */
  public Result validate(TrainingBackend backend) {
    VolumePredictor predictor = new VolumePredictor(backend::infer, classValues.length + 1,
        spacing, 4, false);
    double[] sums = new double[classValues.length];
    for (int c = 0; c < cases.size(); c++) {
      LabeledCase lc = cases.get(c);
      VolumePredictor.Prediction p = predictor.predict(lc.image());
      // class indices to the label values of the truth
      int[] labels = p.labels().clone();
      for (int i = 0; i < labels.length; i++) {
        labels[i] = labels[i] == 0 ? 0 : classValues[labels[i] - 1];
      }
      if (largestComponent) {
        labels = ConnectedComponents.of(lc.image().nx(), lc.image().ny(), lc.image().nz())
            .keepLargest(labels, anchors);
      }
      double[] dice = dice(labels, truths.get(c));
      for (int k = 0; k < sums.length; k++) {
        sums[k] += dice[k];
      }
    }
    Map<String, Double> row = new LinkedHashMap<>();
    StringBuilder summary = new StringBuilder();
    double mean = 0;
    for (int k = 0; k < sums.length; k++) {
      double d = sums[k] / cases.size();
      row.put(prefix + "dice_" + classNames.get(k), d);
      mean += d;
      summary.append(String.format(Locale.ROOT, "%sdice_%s=%.4f ", prefix, classNames.get(k), d));
    }
    mean /= sums.length;
    row.put(prefix + "dice_mean", mean);
    summary.append(String.format(Locale.ROOT, "%sdice_mean=%.4f", prefix, mean));
    return new Result(row, mean, summary.toString());
  }

  private double[] dice(int[] pred, int[] truth) {
    int n = pred.length;
    int[] gt = truth;
    int[] masked = pred;
    boolean scribble = false;
    for (int i = 0; i < n && !scribble; i++) {
      scribble = gt[i] == unannotated;
    }
    if (scribble) {
      gt = truth.clone();
      masked = pred.clone();
      for (int i = 0; i < n; i++) {
        if (gt[i] == unannotated) {
          masked[i] = -1;
          gt[i] = -1;
        }
      }
    }
    double[] out = new double[classValues.length];
    for (int k = 0; k < classValues.length; k++) {
      out[k] = dice(masked, gt, classValues[k]);
    }
    return out;
  }

  /** Dice of one label value; 1 when both are empty (the convention of medcl evaluate). */
  static double dice(int[] pred, int[] gt, int value) {
    long both = 0;
    long p = 0;
    long g = 0;
    for (int i = 0; i < pred.length; i++) {
      boolean a = pred[i] == value;
      boolean b = gt[i] == value;
      p += a ? 1 : 0;
      g += b ? 1 : 0;
      both += a && b ? 1 : 0;
    }
    return p + g == 0 ? 1.0 : 2.0 * both / (p + g);
  }
}
