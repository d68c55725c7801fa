package org.medcl.models.impl;

import java.util.List;
import org.medcl.models.LayerInfo;
import org.medcl.ops.OutputLeakyRelu;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/** Convolution, BatchNorm and LeakyReLU, recorded as one row of the layer table. */
public final class ConvBnAct {
  private final String name;
  private final ConvLayer conv;
  private final BatchNorm bn;
  private final float slope;
  private final boolean outputGradient;

  /**
   * Creates the variables under {@code scope} (the layer's own scope, e.g.
   * {@code unet/enc0/conv0}); the BatchNorm variables go under {@code bn}.
   *
   * @param name the row name in the layer table
   * @param conv the convolution, already created under {@code scope}
   * @param outputGradient whether the LeakyReLU's gradient reads its output
   *     ({@link OutputLeakyRelu}, for slopes below 1) instead of its input
   *     ({@code tf.nn.leakyRelu})
   */
  public ConvBnAct(Ops scope, String name, VariableFactory factory, ConvLayer conv,
      float momentum, float epsilon, float slope, boolean outputGradient) {
    this.name = name;
    this.conv = conv;
    this.bn = new BatchNorm(scope.withSubScope("bn"), factory, conv.outChannels(), momentum,
        epsilon);
    this.slope = slope;
    this.outputGradient = outputGradient;
  }

  /** Applies the unit and appends its row to {@code layers}. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, String padding, boolean training,
      List<Op> updates, List<LayerInfo> layers) {
    Operand<TFloat32> y = conv.apply(tf, x, padding);
    y = bn.apply(tf, y, training, updates);
    // With the output-reading gradient the backward pass keeps the conv output (for the
    // BatchNorm gradient) and the unit output (for this and the next filter gradient), not
    // also the BatchNorm output as tf.nn.leakyRelu's gradient does. Inference graphs (and so
    // exported models) keep the plain op.
    y = outputGradient && training && slope < 1f ? OutputLeakyRelu.apply(tf, y, slope)
        : tf.nn.leakyRelu(y, LeakyRelu.alpha(slope));
    Shape s = y.shape();
    long h = s.numDimensions() == 4 ? s.get(1) : -1;
    long w = s.numDimensions() == 4 ? s.get(2) : -1;
    layers.add(new LayerInfo(name, List.of(h, w, (long) conv.outChannels()),
        conv.parameters() + bn.parameters(), conv.multiplyAdds(h, w), false));
    return y;
  }
}
