package org.medcl.tools.train;

import java.util.Arrays;
import java.util.Locale;

/** Learning-rate schedules of {@code medcl train}, as functions of the fractional epoch. */
public enum LearningRateSchedule {
  /** Always the maximum rate. */
  CONSTANT,
  /**
   * The authors' triangular cycle: from min up to max and back to min linearly over one period.
   */
  TRIANGULAR,
  /** Cosine decay from max to min over the run's epochs, no restarts. */
  COSINE;

  /** Parses a schedule name, case-insensitively; the error lists the legal names. */
  public static LearningRateSchedule parse(String name) {
    for (LearningRateSchedule s : values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown learning-rate schedule '" + name
        + "'; expected one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
  }

  /**
   * The rate at a fractional epoch.
   *
   * @param epoch epochs done so far, fractional (0 at the start)
   * @param totalEpochs the run's epoch limit (used by {@link #COSINE})
   * @param min lowest rate
   * @param max highest rate
   * @param periodEpochs cycle period of {@link #TRIANGULAR}
   */
  public double rate(double epoch, double totalEpochs, double min, double max,
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
        double t = Math.min(1.0, epoch / Math.max(totalEpochs, 1e-9));
        return min + (max - min) * 0.5 * (1 + Math.cos(Math.PI * t));
      }
      default:
        throw new IllegalStateException("unhandled schedule " + this);
    }
  }
}
