package org.medcl.savedmodels.impl;

/** Flips of NHWC batches, for flip test-time augmentation. */
public final class Flips {
  /** Left-right: x mirrored. */
  public static final int LEFT_RIGHT = 1;
  /** Up-down: y mirrored. */
  public static final int UP_DOWN = 2;

  private Flips() {}

  /**
   * A flipped copy of {@code data [n, h, w, ch]}; {@code mode} {@link #LEFT_RIGHT} or
   * {@link #UP_DOWN}. Each flip is its own inverse.
   */
  public static float[] flip(float[] data, int n, int h, int w, int ch, int mode) {
    if (mode != LEFT_RIGHT && mode != UP_DOWN) {
      throw new IllegalArgumentException("flip mode " + mode + ", expected " + LEFT_RIGHT
          + " (left-right) or " + UP_DOWN + " (up-down)");
    }
    if ((long) n * h * w * ch != data.length) {
      throw new IllegalArgumentException("expected " + ((long) n * h * w * ch) + " values (n*h*w*"
          + "ch), found " + data.length);
    }
    float[] out = new float[data.length];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < h; y++) {
        int sy = mode == UP_DOWN ? h - 1 - y : y;
        if (mode == UP_DOWN) {
          System.arraycopy(data, (i * h + sy) * w * ch, out, (i * h + y) * w * ch, w * ch);
          continue;
        }
        for (int x = 0; x < w; x++) {
          System.arraycopy(data, ((i * h + y) * w + w - 1 - x) * ch, out,
              ((i * h + y) * w + x) * ch, ch);
        }
      }
    }
    return out;
  }
}
