package org.medcl.data.preprocess;

import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiDatatype;

/**
 * Per-volume, per-channel z-score: {@code (v - mean) / std} over all voxels of the channel
 * (after scaling), with the population standard deviation. A constant channel (std 0) is only
 * centred.
 */
public final class ZScore {
  private ZScore() {
  }

  /** Mean and standard deviation of one channel. @param mean mean @param std std (0 if flat) */
  public record Stats(double mean, double std) {
    /** The normalised value. */
    public float apply(float v) {
      return (float) ((v - mean) * inverseStd());
    }

    /** {@code 1 / std}, or 1 for a flat channel. */
    public double inverseStd() {
      return std > 0 ? 1.0 / std : 1.0;
    }
  }

  /**
   * Statistics of every channel in one pass, in double precision, with sums shifted by the
   * channel's first value so that a large mean does not cancel the variance.
   */
  public static Stats[] stats(Volume v) {
    Stats[] out = new Stats[v.channels()];
    int n = v.voxelCount();
    for (int c = 0; c < v.channels(); c++) {
      int base = c * n;
      double shift = v.get(base);
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double d = v.get(base + i) - shift;
        sum += d;
        sq += d * d;
      }
      double m = sum / n;
      double var = Math.max(0, sq / n - m * m);
      out[c] = new Stats(shift + m, Math.sqrt(var));
    }
    return out;
  }

  /** A z-scored copy of the volume (float32, same geometry). */
  public static Volume normalize(Volume v) {
    Stats[] s = stats(v);
    int n = v.voxelCount();
    float[] out = new float[v.size()];
    for (int c = 0; c < v.channels(); c++) {
      for (int i = c * n; i < (c + 1) * n; i++) {
        out[i] = s[c].apply(v.get(i));
      }
    }
    return v.toBuilder().adoptData(out).datatype(NiftiDatatype.FLOAT32).build();
  }
}
