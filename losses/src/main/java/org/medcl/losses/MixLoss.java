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
 * @param stopGradientOnTarget whether the right-hand side is held constant (METHOD.md: Choice,
 *     default false, gradients flow into both sides)
 */
public record MixLoss(boolean stopGradientOnTarget) {

  /** Default: gradients flow into both sides. */
  public static final boolean DEFAULT_STOP_GRADIENT_ON_TARGET = false;

  /**
   * The default configuration.
   *
   * @return {@code new MixLoss(false)}
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
    Operand<TFloat32> cos = Similarity.cosineFlat(tf, yMixed, target);
    return tf.math.neg(tf.math.mean(cos, tf.constant(new int[] {0, 1})));
  }
}
