package org.medcl.graphs.bench;

import java.util.Arrays;

/** The median of benchmark timings. */
public final class Median {
  private Median() {}

  /** The median of {@code v} (the mean of the two middle values for an even count). */
  public static double of(double[] v) {
    if (v.length == 0) {
      throw new IllegalArgumentException("no values, expected at least one");
    }
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
