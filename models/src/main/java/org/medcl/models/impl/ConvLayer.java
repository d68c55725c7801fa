package org.medcl.models.impl;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A 2D convolution (stride 1) or a 2 x 2 transposed convolution (stride 2) with an optional
 * bias, NHWC. Variables: {@code kernel} ({@code [k, k, in, out]}, transposed
 * {@code [2, 2, out, in]}), {@code bias}.
 */
public final class ConvLayer {
  private static final List<Long> UNIT_STRIDES = List.of(1L, 1L, 1L, 1L);
  private static final List<Long> UP_STRIDES = List.of(1L, 2L, 2L, 1L);

  private final Operand<TFloat32> kernel;
  private final Operand<TFloat32> bias;
  private final List<Variable<TFloat32>> variables;
  private final int size;
  private final int in;
  private final int out;
  private final boolean transposed;

  /** A {@code size x size} convolution from {@code in} to {@code out} channels. */
  public static ConvLayer conv(Ops scope, VariableFactory factory, int size, int in, int out,
      boolean withBias) {
    return new ConvLayer(scope, factory, size, in, out, withBias, false);
  }

  /** A 2 x 2 stride-2 transposed convolution from {@code in} to {@code out} channels. */
  public static ConvLayer transposed(Ops scope, VariableFactory factory, int in, int out,
      boolean withBias) {
    return new ConvLayer(scope, factory, 2, in, out, withBias, true);
  }

  private ConvLayer(Ops scope, VariableFactory factory, int size, int in, int out,
      boolean withBias, boolean transposed) {
    Shape shape = transposed ? Shape.of(size, size, out, in) : Shape.of(size, size, in, out);
    Variable<TFloat32> k = factory.heNormal(scope, "kernel", shape, (long) size * size * in);
    Variable<TFloat32> b = withBias ? factory.filled(scope, "bias", Shape.of(out), 0f, true)
        : null;
    this.kernel = scope.identity(k);
    this.bias = b == null ? null : scope.identity(b);
    this.variables = b == null ? List.of(k) : List.of(k, b);
    this.size = size;
    this.in = in;
    this.out = out;
    this.transposed = transposed;
  }

  /** The trainable variables: the kernel, then the bias if there is one. */
  public List<Variable<TFloat32>> variables() {
    return variables;
  }

  /** Output channels. */
  public int outChannels() {
    return out;
  }

  /** Trainable parameters (kernel and bias). */
  public long parameters() {
    return (long) size * size * in * out + (bias == null ? 0 : out);
  }

  /**
   * Multiply-adds for one slice whose output is {@code outH x outW}; {@code -1} if unknown.
   */
  public long multiplyAdds(long outH, long outW) {
    if (outH < 0 || outW < 0) {
      return -1;
    }
    long perOutput = transposed ? (long) in * out : (long) size * size * in * out;
    return outH * outW * perOutput;
  }

  /** Applies the convolution; {@code padding} is "SAME" or "VALID" (ignored if transposed). */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, String padding) {
    Operand<TFloat32> y;
    if (transposed) {
      Operand<TInt32> s = tf.shape(x);
      Operand<TInt32> n = tf.slice(s, tf.constant(new int[] {0}), tf.constant(new int[] {1}));
      Operand<TInt32> hw = tf.slice(s, tf.constant(new int[] {1}), tf.constant(new int[] {2}));
      Operand<TInt32> sizes = tf.concat(List.of(n, tf.math.mul(hw, tf.constant(2)),
          tf.constant(new int[] {out})), tf.constant(0));
      y = tf.nn.conv2dBackpropInput(sizes, kernel, x, UP_STRIDES, "VALID");
    } else {
      // TODO: with oneDNN the filter gradient (Conv2DBackpropFilter, NHWC) of the narrow
      // 16..64-channel layers runs at a third of the forward speed and is about a third of a
      // small-preset step; NCHW and Eigen were slower still, and an explicit im2col (nine
      // shifted slices, one matrix product) 2.7-4.5x slower in all (bench/conv-gradient), and
      // a depth-1 Conv3D with a custom gradient (input gradient as a forward convolution) no
      // faster (0.9-1.1x) at this project's layer sizes; no faster formulation is known.
      y = tf.nn.conv2d(x, kernel, UNIT_STRIDES, padding);
    }
    return bias == null ? y : tf.nn.biasAdd(y, bias);
  }
}
