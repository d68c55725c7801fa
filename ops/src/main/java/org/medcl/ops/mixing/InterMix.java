package org.medcl.ops.mixing;

import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Inter-image mix of METHOD.md section 2: {@code x12 = beta x1 + (1 - beta) x2} per image.
 * Differentiable in both inputs (it is also used on network outputs for the L_mix target).
 */
public final class InterMix {

  private InterMix() {
  }

  /**
   * Mixes two batches image by image.
   *
   * @param tf the graph context
   * @param x1 {@code [n, ...]}, rank 4 in practice
   * @param x2 same shape as {@code x1}
   * @param beta {@code [n]}
   * @return {@code [n, ...]}
   */
  public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x1, Operand<TFloat32> x2,
      Operand<TFloat32> beta) {
    int rank = x1.shape().numDimensions();
    if (rank < 1) {
      throw new IllegalArgumentException("expected x1 of known rank >= 1, found shape "
          + x1.shape());
    }
    int[] shape = new int[rank];
    Arrays.fill(shape, 1);
    shape[0] = -1;
    Operand<TFloat32> b = tf.reshape(beta, tf.constant(shape));
    return tf.math.add(tf.math.mul(b, x1), tf.math.mul(tf.math.sub(tf.constant(1f), b), x2));
  }
}
