package org.medcl.models;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Builds the gradients of a scalar loss with respect to variables through one forward pass.
 * {@link #plain()} is TensorFlow's own gradient of the whole graph, which keeps every
 * activation the backward pass reads; a training forward with {@link ActivationMemory#RECOMPUTE}
 * returns one that keeps fewer (see {@link UNet#forward(Ops, Operand, Mode, Operand,
 * ActivationMemory)}).
 */
@FunctionalInterface
public interface Backward {

  /**
   * Gradient of {@code loss} with respect to each of {@code variables}, in their order. Every
   * variable must be reachable from {@code loss}.
   */
  List<Operand<TFloat32>> gradients(Ops tf, Operand<TFloat32> loss,
      List<Variable<TFloat32>> variables);

  /** TensorFlow's gradient of the whole graph ({@code tf.gradients}). */
  static Backward plain() {
    return (tf, loss, variables) -> {
      Gradients g = tf.gradients(loss, variables);
      List<Operand<TFloat32>> out = new ArrayList<>();
      for (int i = 0; i < variables.size(); i++) {
        out.add(g.dy(i));
      }
      return out;
    };
  }
}
