package org.medcl.losses;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Channel selection helpers shared by the losses. */
final class Channels {

  private Channels() {
  }

  /**
   * Channels {@code indices} of the last axis, kept as a last axis. Computed as a product with a
   * 0/1 selection matrix on the tensor reshaped to {@code [-1, C]}: a gather on the last axis of
   * a large NHWC tensor is slow on the CPU, and the C++ gradient of GatherV2 fails for axis -1
   * ("Expected begin[0] in [0, 4], but got -1").
   */
  static Operand<TFloat32> select(Ops tf, Operand<TFloat32> x, int... indices) {
    int channels = lastDim("x", x, x.shape().numDimensions());
    float[][] selection = new float[channels][indices.length];
    for (int j = 0; j < indices.length; j++) {
      selection[indices[j]][j] = 1f;
    }
    return combine(tf, x, channels, selection);
  }

  /** Sum of channels {@code indices} of the last axis, kept as a last axis of size 1. */
  static Operand<TFloat32> sum(Ops tf, Operand<TFloat32> x, int... indices) {
    int channels = lastDim("x", x, x.shape().numDimensions());
    float[][] weights = new float[channels][1];
    for (int i : indices) {
      weights[i][0] = 1f;
    }
    return combine(tf, x, channels, weights);
  }

  /** {@code x [..., C]} times {@code matrix [C, J]} along the last axis: {@code [..., J]}. */
  private static Operand<TFloat32> combine(Ops tf, Operand<TFloat32> x, int channels,
      float[][] matrix) {
    int rank = x.shape().numDimensions();
    Operand<TFloat32> flat = tf.reshape(x, tf.constant(new int[] {-1, channels}));
    Operand<TFloat32> product = tf.linalg.matMul(flat, tf.constant(matrix));
    Operand<TInt32> leading = tf.slice(tf.shape(x), tf.constant(new int[] {0}),
        tf.constant(new int[] {rank - 1}));
    Operand<TInt32> shape = tf.concat(List.of(leading,
        tf.constant(new int[] {matrix[0].length})), tf.constant(0));
    return tf.reshape(product, shape);
  }

  /** The static size of the last axis, or an exception naming what was found. */
  static int lastDim(String name, Operand<TFloat32> x, int rank) {
    if (x.shape().numDimensions() != rank || rank < 1) {
      throw new IllegalArgumentException("expected " + name + " of rank " + rank
          + ", found shape " + x.shape());
    }
    long last = x.shape().get(rank - 1);
    if (last < 1) {
      throw new IllegalArgumentException("expected a static last dimension for " + name
          + ", found shape " + x.shape());
    }
    return (int) last;
  }

  /** Checks that the last axis of {@code x} has {@code expected} channels. */
  static void checkLastDim(String name, Operand<TFloat32> x, int rank, int expected) {
    int found = lastDim(name, x, rank);
    if (found != expected) {
      throw new IllegalArgumentException("expected " + expected + " channels in " + name
          + ", found shape " + x.shape());
    }
  }
}
