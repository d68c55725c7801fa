package org.medcl.models;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * The outputs of one {@link UNet#forward} call, all NHWC with the input's height and width.
 *
 * @param classLogits raw logits {@code [N, h, w, m + 1]} (index 0 background)
 * @param probabilities softmax of the class logits over the last axis
 * @param unionLogits raw logits {@code [N, h, w, m - 1]}, one per union of the chain
 * @param unions sigmoid of the union logits
 * @param batchNormUpdates moving-average assign ops (TRAINING mode; empty in INFERENCE mode);
 *     make them control dependencies of the train op
 * @param layers the layer table of this forward pass
 * @param backward builds gradients of a loss through this forward pass (see
 *     {@link ActivationMemory}); use it instead of {@code tf.gradients}, which with
 *     {@link ActivationMemory#RECOMPUTE} would keep every activation again
 */
public record UNetOutput(
    Operand<TFloat32> classLogits,
    Operand<TFloat32> probabilities,
    Operand<TFloat32> unionLogits,
    Operand<TFloat32> unions,
    List<Op> batchNormUpdates,
    List<LayerInfo> layers,
    Backward backward) {

  /** Copies the lists. */
  public UNetOutput {
    batchNormUpdates = List.copyOf(batchNormUpdates);
    layers = List.copyOf(layers);
    if (backward == null) {
      throw new IllegalArgumentException("backward must not be null");
    }
  }
}
