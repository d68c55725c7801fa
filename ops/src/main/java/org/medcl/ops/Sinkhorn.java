package org.medcl.ops;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * Sinkhorn-Knopp equipartition of pixels over prototypes (METHOD.md section 3), built as a
 * stop-gradient subgraph.
 *
 * <p>From scores {@code S [d, N]} (d prototypes, N pixels) it forms {@code K = exp(S / eps)},
 * then for a fixed number of iterations rescales the rows so that each prototype receives mass
 * {@code 1/d} and then the columns so that each pixel receives mass {@code 1/N}; finally each
 * column is normalised to sum to 1. The result is {@code Q = diag(u) K diag(v)}, column-normalised.
 *
 * <p>Implementation: the scaling vectors {@code u [d]} and {@code v [N]} are iterated with
 * matrix-vector products on a fixed {@code K}, so no {@code d x N} temporary is made per
 * iteration. {@code K} is shifted by each column's maximum before the exponential,
 * {@code K = exp((S - max_d S) / eps)}; a per-column factor is absorbed by {@code v} and cancels
 * in the result, and every column keeps an entry equal to 1, so nothing overflows and no column
 * vanishes. A prototype row whose mass underflows to 0 gets {@code u = 0} (division with no NaN).
 * Since the last step of each iteration fixes every column's mass at exactly {@code 1/N}, the final
 * column normalisation is a multiplication by N: the prototype marginals "after the iterations"
 * are the row sums of the returned {@code Q} divided by N, and equal {@code 1/d} up to the
 * convergence reached in the given number of iterations.
 *
 * <p>The input is wrapped in {@code stopGradient} and so is the output: the gradient of anything
 * with respect to the scores through this block is exactly zero.
 *
 * @param eps the entropic temperature; scores are divided by it
 * @param iterations the number of row-then-column rescalings, at least 1
 */
public record Sinkhorn(double eps, int iterations) {

  /** Default temperature {@code eps} (METHOD.md, Choice: 0.05). */
  public static final double DEFAULT_EPS = 0.05;

  /** Default number of iterations (METHOD.md, Choice: 3). */
  public static final int DEFAULT_ITERATIONS = 3;

  /**
   * Validates the configuration.
   *
   * @throws IllegalArgumentException if {@code eps} is not positive and finite or
   *     {@code iterations} is below 1
   */
  public Sinkhorn {
    if (!(eps > 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("expected a positive finite eps, found " + eps);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("expected at least 1 iteration, found " + iterations);
    }
  }

  /**
   * The defaults: {@code eps = 0.05}, 3 iterations.
   *
   * @return the default configuration
   */
  public static Sinkhorn defaults() {
    return new Sinkhorn(DEFAULT_EPS, DEFAULT_ITERATIONS);
  }

  /**
   * Computes the assignment {@code Q [d, N]} of scores {@code [d, N]}, prototype-major.
   *
   * @param tf the graph context
   * @param scores scores {@code [d, N]}, in practice cosines in [-1, 1]
   * @return {@code Q [d, N]}, each column summing to 1, with no gradient
   */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> scores) {
    return build(tf, scores, false);
  }

  /**
   * Computes the transposed assignment {@code Q^T [N, d]} from transposed scores {@code [N, d]},
   * pixel-major; same result as {@link #apply} transposed, without transposing a large matrix.
   *
   * @param tf the graph context
   * @param scoresT scores {@code [N, d]}
   * @return {@code Q^T [N, d]}, each row summing to 1, with no gradient
   */
  public Operand<TFloat32> applyPixelMajor(Ops tf, Operand<TFloat32> scoresT) {
    return build(tf, scoresT, true);
  }

  private Operand<TFloat32> build(Ops tf, Operand<TFloat32> input, boolean pixelMajor) {
    int rank = input.shape().numDimensions();
    if (rank != 2 && rank != -1) {
      throw new IllegalArgumentException("expected scores of rank 2, found shape "
          + input.shape());
    }
    Operand<TFloat32> s = tf.stopGradient(input);
    int protoAxis = pixelMajor ? 1 : 0;
    int pixelAxis = pixelMajor ? 0 : 1;
    Operand<TFloat32> shift = tf.reduceMax(s, tf.constant(protoAxis), ReduceMax.keepDims(true));
    Operand<TFloat32> k = tf.math.exp(tf.math.mul(tf.math.sub(s, shift),
        tf.constant((float) (1.0 / eps))));
    Operand<TFloat32> shapeVec = tf.dtypes.cast(tf.shape(s), TFloat32.class);
    Operand<TFloat32> numProto = tf.gather(shapeVec, tf.constant(protoAxis), tf.constant(0));
    Operand<TFloat32> numPixels = tf.gather(shapeVec, tf.constant(pixelAxis), tf.constant(0));

    // v starts at 1 for every pixel; u, v are column vectors [d, 1] and [N, 1].
    Operand<TFloat32> v = tf.onesLike(tf.reduceSum(k, tf.constant(protoAxis),
        ReduceSum.keepDims(true)));
    v = tf.reshape(v, tf.constant(new int[] {-1, 1}));
    Operand<TFloat32> u = null;
    for (int it = 0; it < iterations; it++) {
      // Rows: u = (1/d) / (K v).
      Operand<TFloat32> kv = pixelMajor
          ? tf.linalg.matMul(k, v, MatMul.transposeA(true))
          : tf.linalg.matMul(k, v);
      u = tf.math.divNoNan(tf.onesLike(kv), tf.math.mul(kv, numProto));
      // Columns: v = (1/N) / (K^T u).
      Operand<TFloat32> ktu = pixelMajor
          ? tf.linalg.matMul(k, u)
          : tf.linalg.matMul(k, u, MatMul.transposeA(true));
      v = tf.math.div(tf.onesLike(ktu), tf.math.mul(ktu, numPixels));
    }
    // Final column normalisation of diag(u) K diag(v): v cancels.
    Operand<TFloat32> uk = pixelMajor
        ? tf.math.mul(k, tf.reshape(u, tf.constant(new int[] {1, -1})))
        : tf.math.mul(k, u);
    Operand<TFloat32> colSum = tf.reduceSum(uk, tf.constant(protoAxis), ReduceSum.keepDims(true));
    Operand<TFloat32> q = tf.math.div(uk, colSum);
    return tf.stopGradient(q);
  }
}
