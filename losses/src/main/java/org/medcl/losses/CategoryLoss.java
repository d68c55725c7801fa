package org.medcl.losses;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Image-level category loss (METHOD.md section 6):
 * {@code L_category = -mean_x log(sum_{i in Psi} p_i(x) + 1e-6)}, the mean over every pixel of
 * the slices whose classes are known, 0 when no slice is known.
 *
 * <p>Layouts: probabilities {@code [n, h, w, m + 1]}, {@code present [n, m + 1]} (1 where class
 * {@code i} is in the slice's {@code Psi}), {@code known [n]} (1 when the slice's classes are
 * known). Example: one known slice of one pixel with {@code p = (0.5, 0.25, 0.25)} and
 * {@code Psi = {0, 1}} gives {@code -log(0.75 + 1e-6) = 0.28768}.
 */
public final class CategoryLoss {

  /** Added to the in-set probability mass before the logarithm. */
  public static final float EPS = 1e-6f;

  /** The loss has no configuration. */
  public CategoryLoss() {
  }

  /**
   * Builds the loss.
   *
   * @param tf the graph context
   * @param probabilities {@code [n, h, w, m + 1]}
   * @param present {@code [n, m + 1]}, 0 or 1
   * @param known {@code [n]}, 0 or 1
   * @return a scalar
   */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> probabilities,
      Operand<TFloat32> present, Operand<TFloat32> known) {
    int classes = Channels.lastDim("probabilities", probabilities, 4);
    Channels.checkLastDim("present", present, 2, classes);
    Operand<TFloat32> psi = tf.expandDims(tf.expandDims(present, tf.constant(1)),
        tf.constant(1));
    Operand<TFloat32> inSet = tf.reduceSum(tf.math.mul(probabilities, psi), tf.constant(3));
    Operand<TFloat32> logs = tf.math.log(tf.math.add(inSet, tf.constant(EPS)));
    Operand<TFloat32> perSlice = tf.reduceSum(logs, tf.constant(new int[] {1, 2}));
    Operand<TFloat32> knownSum = tf.reduceSum(tf.math.mul(perSlice, known), tf.constant(0));
    Operand<TFloat32> shape = tf.dtypes.cast(tf.shape(probabilities), TFloat32.class);
    Operand<TFloat32> pixelsPerSlice = tf.math.mul(
        tf.gather(shape, tf.constant(1), tf.constant(0)),
        tf.gather(shape, tf.constant(2), tf.constant(0)));
    Operand<TFloat32> count = tf.math.mul(tf.reduceSum(known, tf.constant(0)), pixelsPerSlice);
    return tf.math.divNoNan(tf.math.neg(knownSum), count);
  }

  /**
   * The classes present in each slice, from its soft targets: class {@code i} is present when
   * some pixel has target mass above 0 for it. Background (channel 0) is always present: every
   * slice has background, and a slice whose scribbles miss it must not push all pixels into
   * the foreground.
   *
   * @param tf the graph context
   * @param targets {@code [n, h, w, m + 1]}
   * @return {@code [n, m + 1]} of 0 and 1
   */
  public static Operand<TFloat32> presence(Ops tf, Operand<TFloat32> targets) {
    int classes = Channels.lastDim("targets", targets, 4);
    Operand<TFloat32> max = tf.reduceMax(targets, tf.constant(new int[] {1, 2}));
    Operand<TFloat32> found = tf.dtypes.cast(tf.math.greater(max, tf.constant(0f)),
        TFloat32.class);
    float[] background = new float[classes];
    background[0] = 1f;
    return tf.math.maximum(found, tf.constant(background));
  }
}
