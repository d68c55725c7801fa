package org.medcl.ops;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Cosine similarity in the graph: of maps flattened per image and per map, and of vectors along
 * the last axis; and normalisation to unit length.
 *
 * <p>Norms are computed as {@code sqrt(sum x^2 + NORM_EPS)}, so an all-zero map or vector has
 * cosine 0 with anything and a finite (zero) gradient, instead of 0/0.
 */
public final class Similarity {

  /** Added to every squared norm before the square root. */
  public static final float NORM_EPS = 1e-12f;

  private Similarity() {
  }

  /**
   * Cosine similarity of maps flattened over their pixels, per image and per map:
   * {@code cos[b, k] = sum_x a[b,x,k] b[b,x,k] / (|a[b,:,k]| |b[b,:,k]|)}.
   *
   * <p>Example: a map of ones against the same map times 3 gives 1; against its negation -1.
   *
   * @param tf the graph context
   * @param a maps {@code [N, h, w, K]}
   * @param b maps {@code [N, h, w, K]}, same shape as {@code a}
   * @return {@code [N, K]}
   */
  public static Operand<TFloat32> cosineFlat(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return cosineFlat(tf, a, b, 0);
  }

  /**
   * {@link #cosineFlat(Ops, Operand, Operand)} with each map's norm floored at
   * {@code sqrt(areaFloor * h * w)}: {@code cos[b, k] = sum_x a b / (max(|a|, f) max(|b|, f))}.
   *
   * <p>A map of probabilities has squared norm {@code sum_x p(x)^2}, the area it covers at full
   * confidence; with the floor, maps covering at least the fraction {@code areaFloor} of the
   * pixels are compared by their cosine as before, and fainter maps (a class absent from the
   * image, its probabilities all near 0) give a similarity shrunk towards 0 whose gradient no
   * longer grows as {@code 1 / |a|}. Example: at 4 x 4 pixels with {@code areaFloor = 0.25}
   * ({@code f = 2}), a map of 0.1 everywhere ({@code |a| = 0.4}) against itself gives
   * {@code 0.16 / 4 = 0.04} instead of 1.
   *
   * @param tf the graph context
   * @param a maps {@code [N, h, w, K]}
   * @param b maps {@code [N, h, w, K]}, same shape as {@code a}
   * @param areaFloor the fraction of the pixels, {@code >= 0}; 0 is the plain cosine
   * @return {@code [N, K]}
   */
  public static Operand<TFloat32> cosineFlat(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b,
      double areaFloor) {
    requireAreaFloor(areaFloor);
    checkRank("a", a, 4);
    checkRank("b", b, 4);
    Operand<TInt32> axes = tf.constant(new int[] {1, 2});
    Operand<TFloat32> dot = tf.reduceSum(tf.math.mul(a, b), axes);
    Operand<TFloat32> na = tf.reduceSum(tf.math.square(a), axes);
    Operand<TFloat32> nb = tf.reduceSum(tf.math.square(b), axes);
    if (areaFloor == 0) {
      return divideByNorms(tf, dot, na, nb);
    }
    Operand<TInt32> hw = tf.slice(tf.shape(a), tf.constant(new int[] {1}),
        tf.constant(new int[] {2}));
    Operand<TFloat32> pixels = tf.dtypes.cast(tf.reduceProd(hw, tf.constant(0)),
        TFloat32.class);
    Operand<TFloat32> floor = tf.math.mul(pixels, tf.constant((float) areaFloor));
    Operand<TFloat32> max = tf.constant(Float.MAX_VALUE);
    return tf.math.div(dot, tf.math.sqrt(tf.math.mul(tf.clipByValue(na, floor, max),
        tf.clipByValue(nb, floor, max))));
  }

  /**
   * Cosine similarity of vectors along the last axis.
   *
   * @param tf the graph context
   * @param u vectors {@code [..., D]}
   * @param v vectors {@code [..., D]}, broadcastable against {@code u}
   * @return {@code [...]}, the last axis removed
   */
  public static Operand<TFloat32> cosine(Ops tf, Operand<TFloat32> u, Operand<TFloat32> v) {
    Operand<TInt32> axis = tf.constant(-1);
    Operand<TFloat32> dot = tf.reduceSum(tf.math.mul(u, v), axis);
    Operand<TFloat32> nu = tf.reduceSum(tf.math.square(u), axis);
    Operand<TFloat32> nv = tf.reduceSum(tf.math.square(v), axis);
    return divideByNorms(tf, dot, nu, nv);
  }

  /**
   * Scales vectors to unit length along one axis: {@code x / sqrt(sum x^2 + NORM_EPS)}.
   *
   * @param tf the graph context
   * @param x the tensor
   * @param axis the axis along which each vector lies (negative counts from the end)
   * @return {@code x} normalised, same shape
   */
  public static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x, int axis) {
    Operand<TFloat32> sq = tf.reduceSum(tf.math.square(x), tf.constant(axis),
        ReduceSum.keepDims(true));
    return tf.math.div(x, tf.math.sqrt(tf.math.add(sq, tf.constant(NORM_EPS))));
  }

  /**
   * Checks an area floor of {@link #cosineFlat(Ops, Operand, Operand, double)}.
   *
   * @param areaFloor the fraction of the pixels
   * @return {@code areaFloor}
   * @throws IllegalArgumentException if it is negative or not finite
   */
  public static double requireAreaFloor(double areaFloor) {
    if (!(areaFloor >= 0) || !Double.isFinite(areaFloor)) {
      throw new IllegalArgumentException("expected a finite area floor >= 0, found "
          + areaFloor);
    }
    return areaFloor;
  }

  private static Operand<TFloat32> divideByNorms(Ops tf, Operand<TFloat32> dot,
      Operand<TFloat32> squaredNormA, Operand<TFloat32> squaredNormB) {
    Operand<TFloat32> eps = tf.constant(NORM_EPS);
    Operand<TFloat32> norms = tf.math.mul(tf.math.sqrt(tf.math.add(squaredNormA, eps)),
        tf.math.sqrt(tf.math.add(squaredNormB, eps)));
    return tf.math.div(dot, norms);
  }

  private static void checkRank(String name, Operand<TFloat32> x, int rank) {
    int found = x.shape().numDimensions();
    if (found != rank && found != -1) {
      throw new IllegalArgumentException("expected " + name + " of rank " + rank
          + " [N, h, w, K], found shape " + x.shape());
    }
  }
}
