package org.medcl.losses;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/** Channel selection helpers shared by the losses. */
final class Channels {

  private Channels() {
  }

  /**
   * Channels {@code indices} of the last axis, kept as a last axis. The axis is passed as a
   * non-negative number: the C++ gradient of GatherV2 slices the shape at {@code axis} and
   * fails on -1 ("Expected begin[0] in [0, 4], but got -1").
   */
  static Operand<TFloat32> select(Ops tf, Operand<TFloat32> x, int... indices) {
    int axis = x.shape().numDimensions() - 1;
    if (axis < 0) {
      throw new IllegalArgumentException("expected a tensor of known rank, found shape "
          + x.shape());
    }
    return tf.gather(x, tf.constant(indices), tf.constant(axis));
  }

  /** Sum of channels {@code indices} of the last axis, kept as a last axis of size 1. */
  static Operand<TFloat32> sum(Ops tf, Operand<TFloat32> x, int... indices) {
    return tf.reduceSum(select(tf, x, indices), tf.constant(-1), ReduceSum.keepDims(true));
  }

  /** The static size of the last axis, or an exception naming what was found. */
  static int lastDim(String name, Operand<TFloat32> x, int rank) {
    if (x.shape().numDimensions() != rank) {
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
