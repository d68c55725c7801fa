package org.medcl.losses;

import org.medcl.ops.Similarity;
import org.medcl.ops.mixing.InterMix;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Mix consistency (METHOD.md section 2):
 * {@code L_mix = mean_{b,k} -cos(Y(x12)_k^b, beta_b Y(x'1)_k^b + (1 - beta_b) Y(x'2)_k^b)},
 * each map flattened over its {@code h * w} pixels, averaged over images {@code b} and the
 * {@code K} maps.
 *
 * <p>Layouts: all {@code Y} are {@code [n, h, w, K]}, {@code beta} is {@code [n]}. Range
 * {@code [-1, 1]}; -1 when the mixed prediction is proportional to the mixed predictions.
 *
 * <p>{@code areaFloor} (a setting of this project, not in METHOD.md; 0 is the method exactly)
 * floors each map's norm in the cosine at {@code sqrt(areaFloor * h * w)}
 * ({@link Similarity#cosineFlat(Ops, Operand, Operand, double)}). Without it the cosine of a
 * class absent from an image compares two maps of near-zero noise, and because the cosine does
 * not depend on the maps' scale its pull on that class's logits is as strong as for a class
 * that is there.
 *
 * @param stopGradientOnTarget whether the right-hand side is held constant (METHOD.md: Choice,
 *     default false, gradients flow into both sides)
 * @param areaFloor the fraction of the pixels below whose area a map's norm is floored, {@code
 *     >= 0}; 0 = the plain cosine
 */
public record MixLoss(boolean stopGradientOnTarget, double areaFloor) {

  /** Default: gradients flow into both sides. */
  public static final boolean DEFAULT_STOP_GRADIENT_ON_TARGET = false;

  /**
   * Validates the configuration.
   *
   * @param stopGradientOnTarget see the record description
   * @param areaFloor see the record description
   * @throws IllegalArgumentException if the floor is negative or not finite
   */
  public MixLoss {
    Similarity.requireAreaFloor(areaFloor);
  }

  /**
   * The plain cosine (no area floor).
   *
   * @param stopGradientOnTarget see the record description
   */
  public MixLoss(boolean stopGradientOnTarget) {
    this(stopGradientOnTarget, 0);
  }

  /**
   * The default configuration.
   *
   * @return {@code new MixLoss(false, 0)}
   */
  public static MixLoss defaults() {
    return new MixLoss(DEFAULT_STOP_GRADIENT_ON_TARGET);
  }

  /**
   * Builds the loss.
   *
   * @param tf the graph context
   * @param yMixed maps of the inter-mixed images {@code [n, h, w, K]}
   * @param yView1 maps of the first views {@code [n, h, w, K]}
   * @param yView2 maps of the second views {@code [n, h, w, K]}
   * @param beta the inter-mix weights {@code [n]}
   * @return a scalar
   */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> yMixed, Operand<TFloat32> yView1,
      Operand<TFloat32> yView2, Operand<TFloat32> beta) {
    Operand<TFloat32> target = InterMix.apply(tf, yView1, yView2, beta);
    if (stopGradientOnTarget) {
      target = tf.stopGradient(target);
    }
    Operand<TFloat32> cos = Similarity.cosineFlat(tf, yMixed, target, areaFloor);
    return tf.math.neg(tf.math.mean(cos, tf.constant(new int[] {0, 1})));
  }
}
