package org.medcl.ops.mixing;

import java.util.SplittableRandom;

/**
 * Gamma and Beta variates from a seeded {@link SplittableRandom}.
 *
 * <p>Gamma(k, 1) by Marsaglia and Tsang's squeeze method (2000) for {@code k >= 1}; for
 * {@code k < 1} a Gamma(k + 1) variate is multiplied by {@code U^(1/k)}. Beta(a, b) is
 * {@code X / (X + Y)} with {@code X ~ Gamma(a)}, {@code Y ~ Gamma(b)}.
 */
public final class BetaSampler {

  private BetaSampler() {
  }

  /**
   * Draws from Gamma(shape, 1).
   *
   * @param random the generator
   * @param shape the shape {@code k > 0}
   * @return a positive variate (0 is possible by underflow for very small shapes)
   * @throws IllegalArgumentException if the shape is not positive and finite
   */
  public static double gamma(SplittableRandom random, double shape) {
    if (!(shape > 0) || Double.isInfinite(shape)) {
      throw new IllegalArgumentException("expected a positive finite gamma shape, found "
          + shape);
    }
    if (shape < 1) {
      // Boost: Gamma(k) = Gamma(k + 1) * U^(1/k).
      double u = random.nextDouble();
      return gamma(random, shape + 1) * Math.pow(u, 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double x = random.nextGaussian();
      double t = 1.0 + c * x;
      if (t <= 0) {
        continue;
      }
      double v = t * t * t;
      double u = random.nextDouble();
      double x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2) {
        return d * v;
      }
      if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /**
   * Draws from Beta(a, b).
   *
   * @param random the generator
   * @param a first shape, positive
   * @param b second shape, positive
   * @return a variate in [0, 1]
   * @throws IllegalArgumentException if a shape is not positive and finite
   */
  public static double beta(SplittableRandom random, double a, double b) {
    while (true) {
      double x = gamma(random, a);
      double y = gamma(random, b);
      double sum = x + y;
      if (sum > 0) {
        return x / sum;
      }
    }
  }
}
