package org.medcl.ops;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Reductions the Ops API lacks. */
public final class Reductions {

  private Reductions() {
  }

  /**
   * Log-sum-exp over every element, computed stably as
   * {@code m + log(sum exp(x - m))} with {@code m = max x} held constant for the gradient
   * (the gradient is the softmax of {@code x}, as it should be).
   *
   * @param tf the graph context
   * @param x any shape, at least one element
   * @return a scalar
   */
  public static Operand<TFloat32> logSumExp(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> flat = tf.reshape(x, tf.constant(new int[] {-1}));
    Operand<TFloat32> m = tf.stopGradient(tf.reduceMax(flat, tf.constant(0)));
    Operand<TFloat32> sum = tf.reduceSum(tf.math.exp(tf.math.sub(flat, m)), tf.constant(0));
    return tf.math.add(m, tf.math.log(sum));
  }
}
