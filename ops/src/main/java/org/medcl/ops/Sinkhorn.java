package org.medcl.ops;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

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
 * iteration. {@code K} is shifted by the global maximum, {@code K = exp((S - max S) / eps)}; a
 * global factor cancels exactly, so the result equals the textbook algorithm's (a per-column
 * shift would not: the first row rescaling would see differently weighted columns). Nothing
 * overflows; entries underflow to 0 only when the scores span more than about {@code 87 eps}
 * (never for cosines in [-1, 1] with {@code eps >= 0.025}), and then a row or column whose mass
 * vanished gets scale 0 (never NaN) and scales are capped at {@link #MAX_SCALE}. The final column
 * normalisation {@code u_i K_ij / sum_i u_i K_ij} is computed as a softmax over the prototypes of
 * {@code S / eps + log u}, stable per column whatever the underflow in {@code K}.
 *
 * <p>Marginals: the last step of each iteration fixes every column's mass at exactly
 * {@code 1/N}, so the final column normalisation is a multiplication by N. The prototype
 * marginals "after the iterations" are therefore the row sums of the returned {@code Q} divided
 * by N; they equal {@code 1/d} up to the convergence reached in the given number of iterations
 * (exactly {@code 1/d} only just after a row step, which the final column step perturbs).
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
   * Cap on the scaling factors; reached only when the scores span more than about
   * {@code 80 eps}, where entries of {@code exp(S / eps)} leave the float32 range.
   */
  public static final float MAX_SCALE = 1e30f;

  /**
   * Validates the configuration.
   *
   * @param eps see the record description
   * @param iterations see the record description
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

  /** Caps a scaling vector at {@link #MAX_SCALE} so that a product with 0 is never inf * 0. */
  private static Operand<TFloat32> clamp(Ops tf, Operand<TFloat32> x) {
    return tf.math.minimum(x, tf.constant(MAX_SCALE));
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
    Operand<TFloat32> invEps = tf.constant((float) (1.0 / eps));
    Operand<TInt32> all = tf.constant(new int[] {0, 1});
    Operand<TFloat32> logits = tf.math.mul(s, invEps);
    Operand<TFloat32> k = tf.math.exp(tf.math.sub(logits, tf.reduceMax(logits, all)));
    Operand<TFloat32> shapeVec = tf.dtypes.cast(tf.shape(s), TFloat32.class);
    Operand<TFloat32> numProto = tf.gather(shapeVec, tf.constant(protoAxis), tf.constant(0));
    Operand<TFloat32> numPixels = tf.gather(shapeVec, tf.constant(pixelAxis), tf.constant(0));

    // Scaling vectors as columns: u [d, 1], v [N, 1]; v starts at 1.
    Operand<TInt32> pixels = tf.gather(tf.shape(s), tf.constant(pixelAxis), tf.constant(0));
    Operand<TFloat32> v = tf.fill(tf.stack(List.of(pixels, tf.constant(1))), tf.constant(1f));
    Operand<TFloat32> u = null;
    for (int it = 0; it < iterations; it++) {
      // Rows: u = (1/d) / (K v); a row with no mass left gets 0.
      Operand<TFloat32> kv = pixelMajor
          ? tf.linalg.matMul(k, v, MatMul.transposeA(true))
          : tf.linalg.matMul(k, v);
      u = clamp(tf, tf.math.divNoNan(tf.onesLike(kv), tf.math.mul(kv, numProto)));
      // Columns: v = (1/N) / (K^T u); a column with no mass left gets 0.
      Operand<TFloat32> ktu = pixelMajor
          ? tf.linalg.matMul(k, u)
          : tf.linalg.matMul(k, u, MatMul.transposeA(true));
      v = clamp(tf, tf.math.divNoNan(tf.onesLike(ktu), tf.math.mul(ktu, numPixels)));
    }
    // Final column normalisation of diag(u) K diag(v): v cancels, leaving a softmax over the
    // prototypes of S / eps + log u, computed with each column's maximum subtracted.
    Operand<TFloat32> q;
    if (pixelMajor) {
      // The prototypes are the last axis: one fused softmax kernel.
      q = tf.nn.softmax(tf.math.add(logits,
          tf.math.log(tf.reshape(u, tf.constant(new int[] {1, -1})))));
    } else {
      Operand<TFloat32> z = tf.math.add(logits, tf.math.log(u));
      z = tf.math.sub(z, tf.reduceMax(z, tf.constant(protoAxis), ReduceMax.keepDims(true)));
      Operand<TFloat32> e = tf.math.exp(z);
      q = tf.math.div(e, tf.reduceSum(e, tf.constant(protoAxis), ReduceSum.keepDims(true)));
    }
    return tf.stopGradient(q);
  }
}
