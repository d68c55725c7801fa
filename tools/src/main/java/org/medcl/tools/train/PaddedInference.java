package org.medcl.tools.train;

import org.medcl.models.Padding;
import org.medcl.models.UNetConfig;
import org.medcl.savedmodels.impl.NetworkSizes;

/**
 * Inference on slices of any size for a network that maps only some sizes back to their own: a
 * VALID-padded UNet (the reference preset) maps the sides of its {@link NetworkSizes}, so each
 * slice is zero-padded, centred, to the next such side, and the probabilities are cropped back
 * (as the serving graph does). SAME-padded networks pad themselves and are called directly.
 * Zero is the mean of the z-scored images the networks see.
 */
final class PaddedInference {

  /** Class probabilities of {@code n} slices, as {@link TrainingBackend#infer}. */
  @FunctionalInterface
  interface Infer {
    float[] apply(float[] images, int n, int height, int width);
  }

  private final NetworkSizes sizes;
  private final int channels;
  private final int classes;

  private PaddedInference(NetworkSizes sizes, int channels, int classes) {
    this.sizes = sizes;
    this.channels = channels;
    this.classes = classes;
  }

  /** For the network {@code config} (its input channels and m + 1 classes). */
  static PaddedInference of(UNetConfig config) {
    NetworkSizes s = config.padding() == Padding.VALID ? NetworkSizes.of(config) : null;
    return new PaddedInference(s, config.inputChannels(), config.numClasses() + 1);
  }

  /**
   * Probabilities {@code [n, height, width, m + 1]} of {@code images} {@code [n, height, width,
   * c]}, through {@code infer} at a side the network maps.
   */
  float[] apply(Infer infer, float[] images, int n, int height, int width) {
    if (images.length != n * height * width * channels) {
      throw new IllegalArgumentException("images hold " + images.length + " values, not "
          + n + " x " + height + " x " + width + " x " + channels);
    }
    if (sizes == null) {
      return infer.apply(images, n, height, width);
    }
    int ph = sizes.padded(height);
    int pw = sizes.padded(width);
    if (ph == height && pw == width) {
      return infer.apply(images, n, height, width);
    }
    int top = (ph - height) / 2;
    int left = (pw - width) / 2;
    float[] padded = new float[n * ph * pw * channels];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < height; y++) {
        System.arraycopy(images, ((i * height + y) * width) * channels, padded,
            ((i * ph + y + top) * pw + left) * channels, width * channels);
      }
    }
    float[] full = infer.apply(padded, n, ph, pw);
    if (full.length != n * ph * pw * classes) {
      throw new IllegalStateException("the network gave " + full.length + " probabilities, not "
          + n + " x " + ph + " x " + pw + " x " + classes);
    }
    float[] out = new float[n * height * width * classes];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < height; y++) {
        System.arraycopy(full, ((i * ph + y + top) * pw + left) * classes, out,
            ((i * height + y) * width) * classes, width * classes);
      }
    }
    return out;
  }
}
