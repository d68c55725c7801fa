package org.medcl.tools.evaluate;

/**
 * Scores of one class in one case; distances in mm. See {@link SegmentationMetrics} for the
 * definitions and for the empty-mask conventions (both empty: Dice 1 and distances 0; one empty:
 * Dice 0 and distances NaN).
 *
 * @param dice Dice overlap in [0, 1]
 * @param hausdorff Hausdorff distance: the larger of the two directed maximum surface distances
 * @param hausdorff95 95th percentile of the union of both directed surface-distance sets
 * @param assd average symmetric surface distance: the mean of the two directed mean distances
 */
public record ClassScores(double dice, double hausdorff, double hausdorff95, double assd) {

  /** The scores of two empty masks: Dice 1, distances 0. */
  public static final ClassScores BOTH_EMPTY = new ClassScores(1.0, 0.0, 0.0, 0.0);

  /** The scores when exactly one mask is empty: Dice 0, distances NaN. */
  public static final ClassScores ONE_EMPTY =
      new ClassScores(0.0, Double.NaN, Double.NaN, Double.NaN);

  /** The value of one metric. */
  public double get(Metric metric) {
    return switch (metric) {
      case DICE -> dice;
      case HD -> hausdorff;
      case HD95 -> hausdorff95;
      case ASSD -> assd;
    };
  }
}
