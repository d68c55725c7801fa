package org.medcl.tools.train;

import org.medcl.models.EnumNames;

/**
 * Learning-rate schedules of {@code medcl train}, as functions of the fractional epoch and of the
 * fraction of the run's budget that is used.
 */
public enum LearningRateSchedule {
  /** Always the maximum rate. */
  CONSTANT,
  /**
   * The authors' triangular cycle: from min up to max and back to min linearly over one period.
   */
  TRIANGULAR,
  /**
   * Cosine decay from max to min over the run's budget, no restarts: the budget is the epoch
   * limit or the time budget, whichever ends the run first (see {@link #progress}).
   */
  COSINE;

  /** Parses a schedule name, case-insensitively; the error lists the legal names. */
  public static LearningRateSchedule parse(String name) {
    return EnumNames.parse(LearningRateSchedule.class, name, "learning-rate schedule");
  }

  /**
   * The fraction of a run's budget used so far: the larger of the epoch fraction and the time
   * fraction, clamped to [0, 1]. Training time is part of the checkpointed state, so a resumed
   * run continues on the same curve.
   *
   * @param epoch epochs done so far, fractional
   * @param totalEpochs the run's epoch limit
   * @param seconds training seconds so far
   * @param budgetSeconds the time budget in seconds, 0 or less for none
   */
  public static double progress(double epoch, double totalEpochs, double seconds,
      double budgetSeconds) {
    double p = totalEpochs > 0 ? epoch / totalEpochs : 0;
    if (budgetSeconds > 0) {
      p = Math.max(p, seconds / budgetSeconds);
    }
    return Math.min(1.0, Math.max(0.0, p));
  }

  /**
   * The rate at a point of the run.
   *
   * @param epoch epochs done so far, fractional (0 at the start; used by {@link #TRIANGULAR})
   * @param progress fraction of the run's budget used, from {@link #progress} (used by
   *     {@link #COSINE})
   * @param min lowest rate
   * @param max highest rate
   * @param periodEpochs cycle period of {@link #TRIANGULAR}
   */
  public double rate(double epoch, double progress, double min, double max,
      double periodEpochs) {
    switch (this) {
      case CONSTANT:
        return max;
      case TRIANGULAR: {
        double phase = (epoch % periodEpochs) / periodEpochs;
        double up = phase < 0.5 ? phase * 2 : (1 - phase) * 2;
        return min + (max - min) * up;
      }
      case COSINE: {
        double t = Math.min(1.0, Math.max(0.0, progress));
        return min + (max - min) * 0.5 * (1 + Math.cos(Math.PI * t));
      }
      default:
        throw new IllegalStateException("unhandled schedule " + this);
    }
  }
}
