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
      return (float) ((v - mean) / (std > 0 ? std : 1.0));
    }
  }

  /** Statistics of every channel, computed in double precision with two passes. */
  public static Stats[] stats(Volume v) {
    Stats[] out = new Stats[v.channels()];
    int n = v.voxelCount();
    for (int c = 0; c < v.channels(); c++) {
      int base = c * n;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += v.get(base + i);
      }
      double mean = sum / n;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double d = v.get(base + i) - mean;
        sq += d * d;
      }
      out[c] = new Stats(mean, Math.sqrt(sq / n));
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
