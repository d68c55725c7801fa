package org.medcl.ops.mixing;

import java.util.SplittableRandom;

/**
 * The random parameters of one batch's mixing, drawn in Java from a seeded generator so that a
 * training step is a pure function of its feeds (ARCHITECTURE.md).
 *
 * <p>Per image {@code b}, in this order: {@code theta[b]} uniform in the configured degrees,
 * stored in radians; the box height fraction, then the width fraction, each uniform in the
 * configured range, giving a box of {@code round(f * side)} pixels (at least 1) placed uniformly
 * so that it lies inside the slice; {@code betaPrime[b]} and then {@code beta[b]}, each
 * {@code Beta(a, a)}. Box bounds are {@code (y0, x0, y1, x1)}, rows {@code y0 <= y < y1} and
 * columns {@code x0 <= x < x1}.
 */
public final class MixingDraws {

  private final int height;
  private final int width;
  private final double[] theta;
  private final int[][] boxes;
  private final double[] betaPrime;
  private final double[] beta;

  private MixingDraws(int height, int width, double[] theta, int[][] boxes, double[] betaPrime,
      double[] beta) {
    this.height = height;
    this.width = width;
    this.theta = theta;
    this.boxes = boxes;
    this.betaPrime = betaPrime;
    this.beta = beta;
  }

  /**
   * Draws the parameters for {@code n} images of {@code height x width}.
   *
   * @param config the distributions
   * @param n number of images, at least 1
   * @param height slice height in pixels, at least 1
   * @param width slice width in pixels, at least 1
   * @param random the generator, advanced by the draws
   * @return the draws
   * @throws IllegalArgumentException for a non-positive count or size
   */
  public static MixingDraws draw(MixingConfig config, int n, int height, int width,
      SplittableRandom random) {
    if (n < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("expected at least 1 image of at least 1 x 1 pixels,"
          + " found n=" + n + " height=" + height + " width=" + width);
    }
    double[] theta = new double[n];
    int[][] boxes = new int[n][];
    double[] betaPrime = new double[n];
    double[] beta = new double[n];
    for (int b = 0; b < n; b++) {
      double degrees = config.minThetaDegrees() == config.maxThetaDegrees()
          ? config.minThetaDegrees()
          : random.nextDouble(config.minThetaDegrees(), config.maxThetaDegrees());
      theta[b] = Math.toRadians(degrees);
      int boxHeight = side(config, height, random);
      int boxWidth = side(config, width, random);
      int y0 = random.nextInt(height - boxHeight + 1);
      int x0 = random.nextInt(width - boxWidth + 1);
      boxes[b] = new int[] {y0, x0, y0 + boxHeight, x0 + boxWidth};
      betaPrime[b] = BetaSampler.beta(random, config.alpha(), config.alpha());
      beta[b] = BetaSampler.beta(random, config.alpha(), config.alpha());
    }
    return new MixingDraws(height, width, theta, boxes, betaPrime, beta);
  }

  private static int side(MixingConfig config, int length, SplittableRandom random) {
    double fraction = config.minBoxFraction() == config.maxBoxFraction()
        ? config.minBoxFraction()
        : random.nextDouble(config.minBoxFraction(), config.maxBoxFraction());
    return (int) Math.max(1, Math.min(length, Math.round(fraction * length)));
  }

  /**
   * Number of images.
   *
   * @return n
   */
  public int size() {
    return theta.length;
  }

  /**
   * Slice height the boxes were drawn for.
   *
   * @return h
   */
  public int height() {
    return height;
  }

  /**
   * Slice width the boxes were drawn for.
   *
   * @return w
   */
  public int width() {
    return width;
  }

  /**
   * Rotation angles.
   *
   * @return a copy, radians, {@code [n]}
   */
  public double[] theta() {
    return theta.clone();
  }

  /**
   * Box bounds.
   *
   * @return a copy, {@code [n][4]} as {@code (y0, x0, y1, x1)}, upper bounds exclusive
   */
  public int[][] boxes() {
    int[][] out = new int[boxes.length][];
    for (int b = 0; b < boxes.length; b++) {
      out[b] = boxes[b].clone();
    }
    return out;
  }

  /**
   * Intra-mix weights {@code beta'}.
   *
   * @return a copy, {@code [n]}
   */
  public double[] betaPrime() {
    return betaPrime.clone();
  }

  /**
   * Inter-mix weights {@code beta}.
   *
   * @return a copy, {@code [n]}
   */
  public double[] beta() {
    return beta.clone();
  }

  /**
   * Rotation angles for feeding.
   *
   * @return {@code [n]} float radians
   */
  public float[] thetaFloats() {
    return toFloats(theta);
  }

  /**
   * Box bounds for feeding to {@link BoxMasks#fromBounds}.
   *
   * @return {@code [n, 4]} row-major floats
   */
  public float[] boxFloats() {
    float[] out = new float[boxes.length * 4];
    for (int b = 0; b < boxes.length; b++) {
      for (int j = 0; j < 4; j++) {
        out[b * 4 + j] = boxes[b][j];
      }
    }
    return out;
  }

  /**
   * Box masks for feeding, 1 inside each image's box and 0 outside.
   *
   * @return {@code [n, h, w, 1]} row-major floats
   */
  public float[] boxMaskFloats() {
    float[] out = new float[boxes.length * height * width];
    for (int b = 0; b < boxes.length; b++) {
      int[] box = boxes[b];
      for (int y = box[0]; y < box[2]; y++) {
        int row = (b * height + y) * width;
        for (int x = box[1]; x < box[3]; x++) {
          out[row + x] = 1f;
        }
      }
    }
    return out;
  }

  /**
   * Intra-mix weights for feeding.
   *
   * @return {@code [n]} floats
   */
  public float[] betaPrimeFloats() {
    return toFloats(betaPrime);
  }

  /**
   * Inter-mix weights for feeding.
   *
   * @return {@code [n]} floats
   */
  public float[] betaFloats() {
    return toFloats(beta);
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
