package org.medcl.losses;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Weak supervision from scribbles (METHOD.md section 6), {@code L_scribble = CE + (1 - mean_i
 * D_i) + union BCE}, over annotated pixels only.
 *
 * <p>With soft targets {@code t [n, h, w, m + 1]} (all-zero where unannotated), pixel weights
 * {@code c(x) = sum_i t_i(x)} and {@code p = softmax(class logits)}:
 * <pre>
 *   CE  = -sum_x sum_{i=0..m} t_i log p_i / sum_x c(x)        (0 when no pixel is annotated)
 *   D_i = (2 sum_x t_i p_i c + 1e-6) / (sum_x (t_i + p_i) c + 1e-6),  i = 0..m, over the batch
 *   BCE = 1/(m-1) sum_k sum_x c(x) bce(z_k(x), y_k(x)) / sum_x c(x)
 *         y_k = sum_{i in Omega_k} t_i / c at annotated pixels,  bce(z, y) = softplus(z) - z y
 * </pre>
 * The union term averages over unions and takes the c-weighted mean over pixels (Choice of this
 * implementation; it is 0 when no pixel is annotated). Every term is multiplied by {@code c} or
 * {@code t}, so a prediction at an unannotated pixel never changes the loss. Log-probabilities
 * come from {@code LogSoftmax} on logits reshaped to {@code [-1, m + 1]} (its gradient is wrong
 * on rank > 2 in TensorFlow Java 1.1.0). When no pixel is annotated every {@code D_i} is 1 and the
 * whole loss is 0.
 *
 * @param chain the union chain (gives m and the unions)
 * @param unionBce whether the union maps get the BCE term (METHOD.md: Choice, default true)
 */
public record ScribbleLoss(UnionChain chain, boolean unionBce) {

  /** Default: the union BCE is on. */
  public static final boolean DEFAULT_UNION_BCE = true;
  /** Smoothing of the soft Dice. */
  public static final float DICE_SMOOTH = 1e-6f;

  /**
   * Validates the configuration.
   *
   * @param chain see the record description
   * @param unionBce see the record description
   * @throws IllegalArgumentException if the chain is null
   */
  public ScribbleLoss {
    if (chain == null) {
      throw new IllegalArgumentException("expected a union chain, found null");
    }
  }

  /**
   * The default configuration for a chain: union BCE on.
   *
   * @param chain the union chain
   * @return the configuration
   */
  public static ScribbleLoss defaults(UnionChain chain) {
    return new ScribbleLoss(chain, DEFAULT_UNION_BCE);
  }

  /**
   * Builds the terms.
   *
   * @param tf the graph context
   * @param classLogits {@code [n, h, w, m + 1]}
   * @param unionLogits {@code [n, h, w, m - 1]}, pre-sigmoid
   * @param targets soft targets {@code [n, h, w, m + 1]}, all-zero where unannotated
   * @return the terms, each a scalar
   */
  public ScribbleTerms apply(Ops tf, Operand<TFloat32> classLogits,
      Operand<TFloat32> unionLogits, Operand<TFloat32> targets) {
    int m = chain.numClasses();
    Channels.checkLastDim("classLogits", classLogits, 4, m + 1);
    Channels.checkLastDim("targets", targets, 4, m + 1);
    Operand<TFloat32> logits = tf.reshape(classLogits, tf.constant(new int[] {-1, m + 1}));
    Operand<TFloat32> t = tf.reshape(targets, tf.constant(new int[] {-1, m + 1}));
    Operand<TFloat32> logP = tf.nn.logSoftmax(logits);
    Operand<TFloat32> p = tf.math.exp(logP);
    Operand<TFloat32> c = tf.reduceSum(t, tf.constant(1), ReduceSum.keepDims(true));
    Operand<TFloat32> mass = tf.reduceSum(c, tf.constant(new int[] {0, 1}));

    // Cross-entropy over annotated pixels.
    Operand<TFloat32> ce = tf.math.divNoNan(
        tf.math.neg(tf.reduceSum(tf.math.mul(t, logP), tf.constant(new int[] {0, 1}))), mass);

    // Soft Dice per class over the batch, weighted by c.
    Operand<TFloat32> smooth = tf.constant(DICE_SMOOTH);
    Operand<TFloat32> overlap = tf.reduceSum(tf.math.mul(tf.math.mul(t, p), c), tf.constant(0));
    Operand<TFloat32> size = tf.reduceSum(tf.math.mul(tf.math.add(t, p), c), tf.constant(0));
    Operand<TFloat32> dicePerClass = tf.math.div(
        tf.math.add(tf.math.mul(tf.constant(2f), overlap), smooth), tf.math.add(size, smooth));
    Operand<TFloat32> dice = tf.math.sub(tf.constant(1f),
        tf.math.mean(dicePerClass, tf.constant(0)));

    // Binary cross-entropy of the union maps.
    Operand<TFloat32> bce;
    if (unionBce && chain.size() > 0) {
      Channels.checkLastDim("unionLogits", unionLogits, 4, chain.size());
      Operand<TFloat32> z = tf.reshape(unionLogits, tf.constant(new int[] {-1, chain.size()}));
      float[][] membership = new float[m + 1][chain.size()];
      for (int k = 0; k < chain.size(); k++) {
        for (int i : chain.targetChannels(k)) {
          membership[i][k] = 1f;
        }
      }
      Operand<TFloat32> unionMass = tf.linalg.matMul(t, tf.constant(membership));
      Operand<TFloat32> yk = tf.math.divNoNan(unionMass, c);
      Operand<TFloat32> perPixel = tf.math.sub(tf.math.softplus(z), tf.math.mul(z, yk));
      Operand<TFloat32> weightedSum = tf.reduceSum(tf.math.mul(perPixel, c),
          tf.constant(new int[] {0, 1}));
      bce = tf.math.divNoNan(weightedSum,
          tf.math.mul(mass, tf.constant((float) chain.size())));
    } else {
      bce = tf.constant(0f);
    }
    Operand<TFloat32> total = tf.math.add(tf.math.add(ce, dice), bce);
    return new ScribbleTerms(ce, dice, bce, total);
  }
}
