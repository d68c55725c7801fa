package org.medcl.models.impl;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * BatchNorm over the channel axis of NHWC maps with FusedBatchNormV3 (the version with a
 * gradient). Training mode normalises with the batch statistics and returns assign ops for the
 * moving averages; inference mode uses the moving averages. Variables: {@code gamma},
 * {@code beta} (trainable), {@code moving_mean}, {@code moving_variance}.
 */
public final class BatchNorm {
  private final Operand<TFloat32> gamma;
  private final Operand<TFloat32> beta;
  private final Variable<TFloat32> movingMean;
  private final Variable<TFloat32> movingVariance;
  private final Operand<TFloat32> movingMeanRead;
  private final Operand<TFloat32> movingVarianceRead;
  private final int channels;
  private final float momentum;
  private final float epsilon;

  /** Creates the variables under {@code scope} (e.g. {@code unet/enc0/conv0/bn}). */
  public BatchNorm(Ops scope, VariableFactory factory, int channels, float momentum,
      float epsilon) {
    Shape shape = Shape.of(channels);
    this.gamma = scope.identity(factory.filled(scope, "gamma", shape, 1f, true));
    this.beta = scope.identity(factory.filled(scope, "beta", shape, 0f, true));
    this.movingMean = factory.filled(scope, "moving_mean", shape, 0f, false);
    this.movingVariance = factory.filled(scope, "moving_variance", shape, 1f, false);
    this.movingMeanRead = scope.identity(movingMean);
    this.movingVarianceRead = scope.identity(movingVariance);
    this.channels = channels;
    this.momentum = momentum;
    this.epsilon = epsilon;
  }

  /** Trainable parameters: gamma and beta. */
  public long parameters() {
    return 2L * channels;
  }

  /**
   * Normalises {@code x}; in training mode appends the two moving-average assigns to
   * {@code updates}, or builds none when {@code updates} is null (a rebuild of the forward for
   * the backward pass, which must not move the averages).
   */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, boolean training,
      List<Op> updates) {
    if (!training) {
      return tf.nn.fusedBatchNorm(x, gamma, beta, movingMeanRead, movingVarianceRead,
          FusedBatchNorm.epsilon(epsilon), FusedBatchNorm.isTraining(false)).y();
    }
    Operand<TFloat32> empty = tf.constant(new float[0]);
    FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x, gamma, beta, empty, empty,
        FusedBatchNorm.epsilon(epsilon), FusedBatchNorm.isTraining(true));
    if (updates != null) {
      // batchVariance is the unbiased (n - 1) estimate, as PyTorch keeps it
      updates.add(tf.assign(movingMean, decay(tf, movingMeanRead, bn.batchMean())));
      updates.add(tf.assign(movingVariance, decay(tf, movingVarianceRead,
          bn.batchVariance())));
    }
    return bn.y();
  }

  private Operand<TFloat32> decay(Ops tf, Operand<TFloat32> moving, Operand<TFloat32> batch) {
    Operand<TFloat32> kept = tf.math.mul(moving, tf.constant(momentum));
    return tf.math.add(kept, tf.math.mul(tf.stopGradient(batch), tf.constant(1f - momentum)));
  }
}
