package org.medcl.ops.mixing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BetaSamplerTest {

  private static final int SAMPLES = 200_000;

  @Test
  void betaHalfHalf_hasMeanHalfAndVarianceOneEighth() {
    // Beta(a, a): mean a / (2a) = 0.5, variance 1 / (4 (2a + 1)) = 0.125 for a = 0.5.
    // Standard errors over 200,000 draws: mean sqrt(0.125 / n) = 7.9e-4; variance
    // sqrt((mu4 - sigma^4) / n) with mu4 = 3/128 for the arcsine law: 2.0e-4. Tolerances are
    // about 5 standard errors.
    SplittableRandom random = new SplittableRandom(42);
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < SAMPLES; i++) {
      double b = BetaSampler.beta(random, 0.5, 0.5);
      assertTrue(b >= 0 && b <= 1, "draw " + b);
      sum += b;
      sumSq += b * b;
    }
    double mean = sum / SAMPLES;
    double variance = sumSq / SAMPLES - mean * mean;
    assertEquals(0.5, mean, 4e-3);
    assertEquals(0.125, variance, 1e-3);
  }

  @Test
  void gammaBelowAndAboveOne_hasMeanAndVarianceEqualToShape() {
    // Gamma(k, 1): mean k, variance k. Standard errors sqrt(k / n) and about
    // sqrt((mu4 - k^2) / n) with mu4 = 3k^2 + 6k: for k = 0.5, 1.6e-3 and 4.7e-3;
    // for k = 3, 3.9e-3 and 1.5e-2.
    for (double k : new double[] {0.5, 3.0}) {
      SplittableRandom random = new SplittableRandom(7);
      double sum = 0;
      double sumSq = 0;
      for (int i = 0; i < SAMPLES; i++) {
        double g = BetaSampler.gamma(random, k);
        sum += g;
        sumSq += g * g;
      }
      double mean = sum / SAMPLES;
      double variance = sumSq / SAMPLES - mean * mean;
      assertEquals(k, mean, 5 * Math.sqrt(k / SAMPLES), "mean for shape " + k);
      assertEquals(k, variance, 5 * Math.sqrt((2 * k * k + 6 * k) / SAMPLES),
          "variance for shape " + k);
    }
  }

  @Test
  void sameSeed_givesSameDraws() {
    SplittableRandom a = new SplittableRandom(3);
    SplittableRandom b = new SplittableRandom(3);
    for (int i = 0; i < 100; i++) {
      assertEquals(BetaSampler.beta(a, 0.5, 0.5), BetaSampler.beta(b, 0.5, 0.5));
    }
  }

  @Test
  void nonPositiveShape_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BetaSampler.gamma(new SplittableRandom(1), 0));
    assertEquals("expected a positive finite gamma shape, found 0.0", e.getMessage());
  }
}
