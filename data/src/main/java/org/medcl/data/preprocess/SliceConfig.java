package org.medcl.data.preprocess;

/**
 * Settings of 2D slice preprocessing.
 *
 * @param height slice rows (y); default {@value #DEFAULT_SIZE}
 * @param width slice columns (x); default {@value #DEFAULT_SIZE}
 * @param targetSpacingMm in-plane spacing to resample to, in mm, or 0 for no resampling
 *     (the default)
 */
public record SliceConfig(int height, int width, double targetSpacingMm) {
  /** Default slice side, 212 pixels (holds the MSCMR hearts at their native spacing). */
  public static final int DEFAULT_SIZE = 212;
  /** 212 x 212, no resampling. */
  public static final SliceConfig DEFAULT = new SliceConfig(DEFAULT_SIZE, DEFAULT_SIZE, 0);

  /** Validates. */
  public SliceConfig {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("slice size " + height + " x " + width
          + ", expected >= 1 x 1");
    }
    if (!(targetSpacingMm >= 0) || Double.isInfinite(targetSpacingMm)) {
      throw new IllegalArgumentException("target spacing " + targetSpacingMm
          + " mm, expected > 0, or 0 for none");
    }
  }

  /** The same settings with another slice size. */
  public SliceConfig withSize(int h, int w) {
    return new SliceConfig(h, w, targetSpacingMm);
  }

  /** The same settings resampling to an in-plane spacing (0 for none). */
  public SliceConfig withTargetSpacing(double mm) {
    return new SliceConfig(height, width, mm);
  }

  /** Whether slices are resampled. */
  public boolean resamples() {
    return targetSpacingMm > 0;
  }
}
