package org.medcl.tools.evaluate;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.medcl.data.Volume;

/** Conversion of read volumes to label arrays, and scoring of a prediction volume. */
public final class LabelVolumes {
  /** Largest relative difference of the spacings of a prediction and its ground truth. */
  public static final double SPACING_TOLERANCE = 1e-4;

  private LabelVolumes() {}

  /**
   * The labels of a single-channel volume as integers, NIfTI order.
   *
   * @throws EvaluationException naming the file if it has several channels or a value is not an
   *     integer in 0..65535
   */
  public static int[] toLabels(Volume v) throws EvaluationException {
    Path file = v.source().orElse(Path.of(v.sourceName()));
    if (v.channels() != 1) {
      throw new EvaluationException(file, "has " + v.channels()
          + " channels, expected a single-channel label volume");
    }
    int[] out = new int[v.voxelCount()];
    for (int i = 0; i < out.length; i++) {
      float f = v.get(i);
      int label = Math.round(f);
      if (label != f || label < 0 || label > 65535) {
        throw new EvaluationException(file, "holds value " + f + " at voxel " + i
            + ", expected integer labels in 0..65535");
      }
      out[i] = label;
    }
    return out;
  }

  /**
   * Scores each label of a prediction against its ground truth, with the ground truth's
   * spacing.
   *
   * @throws EvaluationException naming both files if their shapes or spacings differ, or one
   *     is not a label volume
   */
  public static Map<Integer, ClassScores> score(Volume prediction, Volume truth, int[] labels)
      throws EvaluationException {
    Path predFile = prediction.source().orElse(Path.of(prediction.sourceName()));
    if (!prediction.sameShape(truth)) {
      throw new EvaluationException(predFile, "is " + prediction.shapeString()
          + ", expected the shape of its ground truth " + truth.sourceName() + ", "
          + truth.shapeString());
    }
    double[] sp = truth.spacing();
    double[] pp = prediction.spacing();
    for (int k = 0; k < 3; k++) {
      if (!(sp[k] > 0) || Double.isInfinite(sp[k])) {
        throw new EvaluationException(truth.source().orElse(Path.of(truth.sourceName())),
            "has spacing " + Arrays.toString(sp) + " mm, expected finite positive values");
      }
      if (Math.abs(sp[k] - pp[k]) > SPACING_TOLERANCE * Math.abs(sp[k])) {
        throw new EvaluationException(predFile, "has spacing " + Arrays.toString(pp)
            + " mm, expected the spacing of its ground truth " + truth.sourceName() + ", "
            + Arrays.toString(sp) + " mm");
      }
    }
    int[] pred = toLabels(prediction);
    int[] gt = toLabels(truth);
    return SegmentationMetrics.of(truth.nx(), truth.ny(), truth.nz(), sp)
        .score(pred, gt, labels);
  }
}
