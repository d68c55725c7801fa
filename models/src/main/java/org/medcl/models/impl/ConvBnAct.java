package org.medcl.models.impl;

import java.util.List;
import org.medcl.models.LayerInfo;
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

  /**
   * Creates the variables under {@code scope} (the layer's own scope, e.g.
   * {@code unet/enc0/conv0}); the BatchNorm variables go under {@code bn}.
   *
   * @param name the row name in the layer table
   * @param conv the convolution, already created under {@code scope}
   */
  public ConvBnAct(Ops scope, String name, VariableFactory factory, ConvLayer conv,
      float momentum, float epsilon, float slope) {
    this.name = name;
    this.conv = conv;
    this.bn = new BatchNorm(scope.withSubScope("bn"), factory, conv.outChannels(), momentum,
        epsilon);
    this.slope = slope;
  }

  /** Applies the unit and appends its row to {@code layers}. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, String padding, boolean training,
      List<Op> updates, List<LayerInfo> layers) {
    Operand<TFloat32> y = conv.apply(tf, x, padding);
    y = bn.apply(tf, y, training, updates);
    // TODO: the reference preset at batch 4 peaks at 8.1-8.3 GB in bfloat16 and 13.8 GB in
    // float32 against the 7.8 GB goal; the activations kept for the backward pass dominate.
    // A LeakyReLU whose gradient reads its output (EluGrad with a custom gradient, since the
    // C++ LeakyRelu gradient cannot be replaced) saved nothing measurable (7,474 against
    // 7,481 MB at batch 2 in float32), so recomputation would be the next thing to try.
    y = tf.nn.leakyRelu(y, LeakyRelu.alpha(slope));
    Shape s = y.shape();
    long h = s.numDimensions() == 4 ? s.get(1) : -1;
    long w = s.numDimensions() == 4 ? s.get(2) : -1;
    layers.add(new LayerInfo(name, List.of(h, w, (long) conv.outChannels()),
        conv.parameters() + bn.parameters(), conv.multiplyAdds(h, w), false));
    return y;
  }
}
