package org.medcl.ops;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Select;
import org.tensorflow.types.TFloat32;

/**
 * LeakyReLU whose backward pass reads its output instead of its input, so that a network's
 * backward pass need not keep the activation's input alive (with BatchNorm before it, one full
 * feature map per unit: a third of a UNet block's kept maps).
 *
 * <p>TensorFlow's own {@code LeakyRelu} gradient reads the op's input, and a gradient that the
 * C++ registry holds cannot be replaced from Java. So the forward value is computed by an op
 * that has no registered gradient, {@code EluGrad(gradients, outputs)}, which returns
 * {@code gradients} where {@code outputs >= 0} and {@code gradients * (outputs + 1)} elsewhere:
 * with {@code gradients = x} and {@code outputs = select(x > 0, 1, slope - 1)} it gives
 * {@code x} for positive {@code x} and {@code slope * x} otherwise, which is LeakyReLU. A
 * custom gradient registered once for {@code EluGrad} then returns
 * {@code dy * (y > 0 ? 1 : slope)}, reading {@code y}, the op's output, and the scalar
 * {@code slope - 1} of the select. Since {@code y > 0} exactly where {@code x > 0}, this is
 * LeakyReLU's gradient (for {@code slope = 0}, ReLU's). Values and gradient equal
 * {@code tf.nn.leakyRelu}'s up to the float32 rounding of {@code (slope - 1) + 1}: the
 * negative side's factor differs from {@code slope} by at most 6e-8.
 *
 * <p>The registration is process-wide and applies to every {@code EluGrad} op differentiated
 * in the process; TensorFlow builds such gradients only for second derivatives of ELU, which
 * this project never takes. Differentiating an {@code EluGrad} that this class did not build
 * fails with an error naming the op.
 */
public final class OutputLeakyRelu {
  private static final String OP_TYPE = "EluGrad";
  private static boolean registered;

  private OutputLeakyRelu() {}

  /**
   * LeakyReLU of {@code x}: {@code x} where {@code x > 0}, {@code slope * x} elsewhere.
   *
   * @param slope the slope for negative inputs, in [0, 1) (0 gives ReLU)
   * @throws IllegalArgumentException if the slope is outside [0, 1)
   */
  public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, float slope) {
    if (!(slope >= 0f && slope < 1f)) {
      throw new IllegalArgumentException("expected a LeakyReLU slope in [0, 1), found " + slope);
    }
    register();
    Operand<TFloat32> code = tf.select(tf.math.greater(x, tf.constant(0f)), tf.constant(1f),
        tf.constant(slope - 1f));
    return tf.nn.eluGrad(x, code);
  }

  /** Registers the gradient once per process. */
  static synchronized void register() {
    if (registered) {
      return;
    }
    boolean ok = TensorFlow.registerCustomGradient(OP_TYPE, OutputLeakyRelu::gradient);
    if (!ok) {
      throw new IllegalStateException("TensorFlow refused a custom gradient for " + OP_TYPE
          + ": another gradient is registered for it in this process");
    }
    registered = true;
  }

  @SuppressWarnings("unchecked")
  private static List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
    GraphOperation select = (GraphOperation) op.input(1).op();
    if (!select.type().equals(Select.OP_NAME) || select.numInputs() != 3
        || !"Const".equals(select.input(2).op().type())) {
      throw new IllegalStateException("no gradient for " + OP_TYPE + " op '" + op.name()
          + "': only the EluGrad ops built by OutputLeakyRelu can be differentiated");
    }
    Operand<TFloat32> y = (Operand<TFloat32>) (Operand<?>) op.output(0);
    Operand<TFloat32> dy = (Operand<TFloat32>) (Operand<?>) grads.get(0);
    // the select's third input is the scalar slope - 1
    Operand<TFloat32> slopeMinusOne = (Operand<TFloat32>) (Operand<?>) select.input(2);
    Operand<TFloat32> factor = tf.select(tf.math.greater(y, tf.constant(0f)), tf.constant(1f),
        tf.math.add(slopeMinusOne, tf.constant(1f)));
    return List.of(tf.math.mul(dy, factor), tf.zerosLike(dy));
  }
}
