package org.medcl.savedmodels.impl;

import org.medcl.models.Padding;
import org.medcl.models.UNet;
import org.medcl.models.UNetConfig;

/**
 * Which slice sides a UNet maps to (at least) their own size. A SAME-padded UNet takes any side
 * (it pads inside its graph). A VALID one takes the sides {@code first + k * period}, {@code
 * period = 2^depth}: the serving graph zero-pads a slice to the next such side and crops back.
 *
 *
 * <p>TODO: the reference preset's padded path is checked here by its size arithmetic and in the
 * serving graph's tests on a tiny VALID network only; no test runs the 25-million-parameter
 * reference network itself, which is too slow for the unit suite on two cores.
 *
 * @param first the smallest side the network maps
 * @param period step between the sides it maps
 */
public record NetworkSizes(int first, int period) {
  /** Largest side checked when the sides are derived. */
  public static final int MAX_SIDE = 4096;

  /** The sides of {@code config}; checks every side up to {@link #MAX_SIDE}. */
  public static NetworkSizes of(UNetConfig config) {
    if (config.padding() == Padding.SAME) {
      return new NetworkSizes(1, 1);
    }
    int period = config.sizeMultiple();
    int first = -1;
    for (int s = 1; s <= MAX_SIDE && first < 0; s++) {
      if (UNet.bodyOutputSize(config, s) >= s) {
        first = s;
      }
    }
    if (first < 0) {
      throw new IllegalArgumentException("this VALID UNet maps no side up to " + MAX_SIDE
          + " back to its own size: " + config);
    }
    for (int s = first; s <= MAX_SIDE; s += period) {
      if (UNet.bodyOutputSize(config, s) < s) {
        throw new IllegalArgumentException("this VALID UNet maps side " + first + " but not "
            + s + " (expected every " + period + " pixels): " + config);
      }
    }
    return new NetworkSizes(first, period);
  }

  /** The side a slice side is padded to: the smallest mapped side at least {@code side}. */
  public int padded(int side) {
    if (side <= first) {
      return first;
    }
    return first + (side - first + period - 1) / period * period;
  }
}
