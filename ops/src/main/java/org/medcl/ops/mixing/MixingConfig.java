package org.medcl.ops.mixing;

/**
 * Distributions of the random mixing parameters (METHOD.md section 2, defaults from the authors'
 * code).
 *
 * @param alpha the parameter {@code a} of the symmetric {@code Beta(a, a)} used for both
 *     {@code beta'} (intra mix) and {@code beta} (inter mix)
 * @param minThetaDegrees lower end of the uniform rotation angle, inclusive
 * @param maxThetaDegrees upper end of the uniform rotation angle, exclusive
 * @param minBoxFraction lower end of the uniform box side, as a fraction of the slice side
 * @param maxBoxFraction upper end of the uniform box side, as a fraction of the slice side
 */
public record MixingConfig(double alpha, double minThetaDegrees, double maxThetaDegrees,
    double minBoxFraction, double maxBoxFraction) {

  /** Default Beta parameter {@code a}. */
  public static final double DEFAULT_ALPHA = 0.5;
  /** Default lower rotation bound, degrees. */
  public static final double DEFAULT_MIN_THETA_DEGREES = 0.0;
  /** Default upper rotation bound, degrees (exclusive). */
  public static final double DEFAULT_MAX_THETA_DEGREES = 360.0;
  /** Default lower box side fraction. */
  public static final double DEFAULT_MIN_BOX_FRACTION = 0.9;
  /** Default upper box side fraction. */
  public static final double DEFAULT_MAX_BOX_FRACTION = 1.0;

  /**
   * Validates the configuration.
   *
   * @param alpha see the record description
   * @param minThetaDegrees see the record description
   * @param maxThetaDegrees see the record description
   * @param minBoxFraction see the record description
   * @param maxBoxFraction see the record description
   * @throws IllegalArgumentException if {@code alpha} is not positive, an interval is empty or
   *     reversed, or the box fractions leave (0, 1]
   */
  public MixingConfig {
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("expected a positive finite alpha, found " + alpha);
    }
    if (!(minThetaDegrees <= maxThetaDegrees)) {
      throw new IllegalArgumentException("expected minThetaDegrees <= maxThetaDegrees, found "
          + minThetaDegrees + " > " + maxThetaDegrees);
    }
    if (!(minBoxFraction > 0 && minBoxFraction <= maxBoxFraction && maxBoxFraction <= 1)) {
      throw new IllegalArgumentException("expected 0 < minBoxFraction <= maxBoxFraction <= 1,"
          + " found " + minBoxFraction + " and " + maxBoxFraction);
    }
  }

  /**
   * The defaults: {@code a = 0.5}, theta uniform in [0, 360) degrees, box side uniform in
   * [0.9, 1.0].
   *
   * @return the default configuration
   */
  public static MixingConfig defaults() {
    return new MixingConfig(DEFAULT_ALPHA, DEFAULT_MIN_THETA_DEGREES, DEFAULT_MAX_THETA_DEGREES,
        DEFAULT_MIN_BOX_FRACTION, DEFAULT_MAX_BOX_FRACTION);
  }
}
