package org.medcl.models.impl;

import java.util.List;
import org.medcl.models.LayerInfo;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/**
 * Convolution, BatchNorm and LeakyReLU, recorded as one row of the layer table. The two halves
 * are also reachable on their own ({@link #convolve}, {@link #activate}): the UNet's
 * recomputing backward pass keeps the convolution's output and rebuilds the activation from it.
 */
public final class ConvBnAct {
  private final String name;
  private final ConvLayer conv;
  private final BatchNorm bn;
  private final float slope;
  private final List<Variable<TFloat32>> convVariables;
  private final List<Variable<TFloat32>> bnVariables;

  /**
   * Creates the variables under {@code scope} (the layer's own scope, e.g.
   * {@code unet/enc0/conv0}); the BatchNorm variables go under {@code bn}.
   *
   * @param name the row name in the layer table
   * @param conv the convolution, already created under {@code scope} by {@code factory}
   */
  public ConvBnAct(Ops scope, String name, VariableFactory factory, ConvLayer conv,
      float momentum, float epsilon, float slope) {
    this.name = name;
    this.conv = conv;
    int before = factory.trainables().size();
    this.bn = new BatchNorm(scope.withSubScope("bn"), factory, conv.outChannels(), momentum,
        epsilon);
    List<Variable<TFloat32>> all = factory.trainables();
    this.bnVariables = List.copyOf(all.subList(before, all.size()));
    this.convVariables = conv.variables();
    this.slope = slope;
  }

  /** Applies the unit and appends its row to {@code layers}. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, String padding, boolean training,
      List<Op> updates, List<LayerInfo> layers) {
    return activate(tf, convolve(tf, x, padding, layers), training, updates);
  }

  /**
   * The convolution alone (bias included); appends the unit's row to {@code layers} unless it
   * is null.
   */
  public Operand<TFloat32> convolve(Ops tf, Operand<TFloat32> x, String padding,
      List<LayerInfo> layers) {
    Operand<TFloat32> z = conv.apply(tf, x, padding);
    if (layers != null) {
      Shape s = z.shape();
      long h = s.numDimensions() == 4 ? s.get(1) : -1;
      long w = s.numDimensions() == 4 ? s.get(2) : -1;
      layers.add(new LayerInfo(name, List.of(h, w, (long) conv.outChannels()),
          conv.parameters() + bn.parameters(), conv.multiplyAdds(h, w), false));
    }
    return z;
  }

  /**
   * BatchNorm and LeakyReLU of a convolution output {@code z}; in training mode the two
   * moving-average assigns are appended to {@code updates}, or not built if it is null.
   */
  public Operand<TFloat32> activate(Ops tf, Operand<TFloat32> z, boolean training,
      List<Op> updates) {
    Operand<TFloat32> y = bn.apply(tf, z, training, updates);
    return tf.nn.leakyRelu(y, LeakyRelu.alpha(slope));
  }

  /** The convolution's trainable variables (kernel, then bias if any). */
  public List<Variable<TFloat32>> convVariables() {
    return convVariables;
  }

  /** The BatchNorm's trainable variables (gamma, beta). */
  public List<Variable<TFloat32>> batchNormVariables() {
    return bnVariables;
  }
}
