package org.medcl.losses;

import java.util.List;
import org.medcl.ops.Reductions;
import org.medcl.ops.Similarity;
import org.medcl.ops.Sinkhorn;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Online mapping to prototypes and the cluster loss (METHOD.md sections 3 and 4).
 *
 * <p>With maps {@code Y [n, h, w, K]} (optionally average-pooled by {@code p} with SAME
 * padding, a window cut by the border averaging the pixels it holds, giving N pixel vectors of
 * length K) and prototypes {@code A [K, d]}, pixel vectors and prototype columns
 * scaled to unit length:
 * <pre>
 *   S = A^T Y                                   [d, N]
 *   Q = sinkhorn(S)                             no gradient
 *   P = softmax over d of (S / w)
 *   L_map = -(1/N) sum_x sum_d Q(d, x) log P(d, x)
 *   a_i^b = sum_x Y_i^b(x) P(:, x) / (sum_x Y_i^b(x) + 1e-6)     codes [n, K, d]
 *   a*_i  = mean_b a_i^b                        centres [K, d]
 *   compact = sum_b sum_{i=1..m} exp(cos(a_i^b, a*_i) / tau)
 *   discrim = sum_{i != j in 1..m} exp(cos(a*_i, a*_j) / tau)
 *   L_cluster = L_map - log(compact / (compact + discrim))
 * </pre>
 * The log-ratio is {@code LSE(compact logits) - LSE(compact and discrim logits)}, stable for
 * small {@code tau}. Everything is computed pixel-major ({@code S^T [N, d]}) with matrix products,
 * never broadcast to {@code [d, N, K]}; the {@code N x d} matrices dominate the memory (about
 * {@code 4 N d} bytes each). Y's codes use the pooled maps as they are (not unit-scaled).
 *
 * <p>Norm floor f (a Choice beyond METHOD.md; 0 is the method exactly): a pixel vector is
 * divided by {@code max(|y|, f)}, so vectors at least f long become unit vectors as before and
 * shorter ones shrink towards 0. Without it, a background pixel, whose class and union maps are
 * all close to 0, is scaled up to a unit vector whose direction is noise, weighs in the Sinkhorn
 * equipartition as much as a heart pixel, and L_map pushes the ratios of its foreground logits
 * (the softmax and sigmoid Jacobians cancel the {@code 1/|y|} of the scaling, so those pushes
 * reach the logits undamped). Below the floor its scores tend to 0, its assignment P to
 * uniform, and its pull on the logits fades with {@code |y|}.
 *
 * @param numClasses m; the class maps are channels {@code 0..m-1} of Y
 * @param prototypes d, the number of prototypes
 * @param sinkhorn the mapping's Sinkhorn configuration
 * @param mappingTemperature w of the softmax over prototypes
 * @param tau the temperature of the compact and discriminative terms
 * @param poolFactor p, the average-pooling factor of the maps before the mapping (1: none)
 * @param normFloor f, the smallest norm a pixel vector is divided by (0: unit vectors, exact)
 */
public record ClusterLoss(int numClasses, int prototypes, Sinkhorn sinkhorn,
    double mappingTemperature, double tau, int poolFactor, double normFloor) {

  /** Default number of prototypes d (METHOD.md, Choice: 128). */
  public static final int DEFAULT_PROTOTYPES = 128;
  /** Default softmax temperature w over prototypes (METHOD.md: 0.1). */
  public static final double DEFAULT_MAPPING_TEMPERATURE = 0.1;
  /** Default temperature tau (METHOD.md, Choice: 0.1). */
  public static final double DEFAULT_TAU = 0.1;
  /** Default pooling factor p (METHOD.md, Choice: 1, the method exactly). */
  public static final int DEFAULT_POOL_FACTOR = 1;
  /** Added to each map's mass in the code denominator. */
  public static final float CODE_EPS = 1e-6f;

  /**
   * Validates the configuration.
   *
   * @param numClasses see the record description
   * @param prototypes see the record description
   * @param sinkhorn see the record description
   * @param mappingTemperature see the record description
   * @param tau see the record description
   * @param poolFactor see the record description
   * @param normFloor see the record description
   * @throws IllegalArgumentException for a non-positive count, temperature or pool factor, or
   *     a negative or non-finite norm floor
   */
  public ClusterLoss {
    if (numClasses < 1 || prototypes < 1 || poolFactor < 1) {
      throw new IllegalArgumentException("expected numClasses, prototypes and poolFactor >= 1,"
          + " found " + numClasses + ", " + prototypes + ", " + poolFactor);
    }
    if (sinkhorn == null) {
      throw new IllegalArgumentException("expected a Sinkhorn configuration, found null");
    }
    if (!(mappingTemperature > 0) || !(tau > 0)) {
      throw new IllegalArgumentException("expected positive temperatures w and tau, found "
          + mappingTemperature + " and " + tau);
    }
    if (!(normFloor >= 0) || !Double.isFinite(normFloor)) {
      throw new IllegalArgumentException("expected a finite norm floor >= 0, found " + normFloor);
    }
  }

  /**
   * The exact method (norm floor 0).
   *
   * @param numClasses see the record description
   * @param prototypes see the record description
   * @param sinkhorn see the record description
   * @param mappingTemperature see the record description
   * @param tau see the record description
   * @param poolFactor see the record description
   */
  public ClusterLoss(int numClasses, int prototypes, Sinkhorn sinkhorn,
      double mappingTemperature, double tau, int poolFactor) {
    this(numClasses, prototypes, sinkhorn, mappingTemperature, tau, poolFactor, 0);
  }

  /**
   * The defaults for {@code m} classes: d = 128, Sinkhorn eps 0.05 and 3 iterations, w = 0.1,
   * tau = 0.1, p = 1.
   *
   * @param numClasses m
   * @return the configuration
   */
  public static ClusterLoss defaults(int numClasses) {
    return new ClusterLoss(numClasses, DEFAULT_PROTOTYPES, Sinkhorn.defaults(),
        DEFAULT_MAPPING_TEMPERATURE, DEFAULT_TAU, DEFAULT_POOL_FACTOR);
  }

  /**
   * A copy with another pooling factor.
   *
   * @param p the factor
   * @return the configuration
   */
  public ClusterLoss withPoolFactor(int p) {
    return new ClusterLoss(numClasses, prototypes, sinkhorn, mappingTemperature, tau, p,
        normFloor);
  }

  /**
   * A copy with another norm floor.
   *
   * @param f the floor
   * @return the configuration
   */
  public ClusterLoss withNormFloor(double f) {
    return new ClusterLoss(numClasses, prototypes, sinkhorn, mappingTemperature, tau, poolFactor,
        f);
  }

  /**
   * Pixel vectors {@code [N, K]} divided by their norms, or by the floor where shorter.
   *
   * @param tf the graph context
   * @param flat pixel vectors {@code [N, K]}
   * @return the scaled vectors
   */
  public Operand<TFloat32> scalePixels(Ops tf, Operand<TFloat32> flat) {
    if (normFloor == 0) {
      return Similarity.l2Normalize(tf, flat, 1);
    }
    Operand<TFloat32> sq = tf.reduceSum(tf.math.square(flat), tf.constant(1),
        ReduceSum.keepDims(true));
    Operand<TFloat32> floored = tf.clipByValue(sq, tf.constant((float) (normFloor * normFloor)),
        tf.constant(Float.MAX_VALUE));
    return tf.math.div(flat, tf.math.sqrt(floored));
  }

  /**
   * {@code log P^T = logSoftmax(S^T / w)} over the prototypes, on {@code [N, d]} (rank 2, where
   * the LogSoftmax gradient is right).
   *
   * @param tf the graph context
   * @param scoresT {@code S^T [N, d]}
   * @return {@code log P^T [N, d]}
   */
  public Operand<TFloat32> logAssignment(Ops tf, Operand<TFloat32> scoresT) {
    return tf.nn.logSoftmax(
        tf.math.mul(scoresT, tf.constant((float) (1.0 / mappingTemperature))));
  }

  /**
   * {@code L_map = -(1/N) sum_x sum_d Q(d, x) log P(d, x)} from given assignments.
   *
   * @param tf the graph context
   * @param logPT {@code log P^T [N, d]}
   * @param qT {@code Q^T [N, d]}, treated as data
   * @return a scalar
   */
  public static Operand<TFloat32> mapLoss(Ops tf, Operand<TFloat32> logPT,
      Operand<TFloat32> qT) {
    return tf.math.neg(tf.math.mean(
        tf.reduceSum(tf.math.mul(qT, logPT), tf.constant(1)), tf.constant(0)));
  }

  /**
   * Builds L_map, L_cluster and the centres.
   *
   * @param tf the graph context
   * @param y maps {@code [n, h, w, K]} of the intra-mixed images
   * @param prototypeMatrix prototypes {@code A [K, d]} (read through {@code tf.identity})
   * @return the terms
   */
  public ClusterTerms apply(Ops tf, Operand<TFloat32> y, Operand<TFloat32> prototypeMatrix) {
    int k = Channels.lastDim("y", y, 4);
    if (k < numClasses) {
      throw new IllegalArgumentException("expected at least " + numClasses + " maps in y,"
          + " found shape " + y.shape());
    }
    if (prototypeMatrix.shape().numDimensions() != 2
        || prototypeMatrix.shape().get(0) != k || prototypeMatrix.shape().get(1) != prototypes) {
      throw new IllegalArgumentException("expected prototypes [" + k + ", " + prototypes
          + "], found shape " + prototypeMatrix.shape());
    }
    Operand<TFloat32> pooled = y;
    if (poolFactor > 1) {
      List<Long> window = List.of(1L, (long) poolFactor, (long) poolFactor, 1L);
      pooled = tf.nn.avgPool(y, window, window, "SAME");
    }

    // Scores S^T [N, d] of unit pixel vectors (or floored, see scalePixels) against unit
    // prototype columns.
    Operand<TFloat32> flat = tf.reshape(pooled, tf.constant(new int[] {-1, k}));
    Operand<TFloat32> scaledPixels = scalePixels(tf, flat);
    Operand<TFloat32> unitPrototypes = Similarity.l2Normalize(tf, prototypeMatrix, 0);
    Operand<TFloat32> scoresT = tf.linalg.matMul(scaledPixels, unitPrototypes);

    // L_map with Q from Sinkhorn (no gradient) and P = softmax(S / w) over prototypes.
    Operand<TFloat32> qT = sinkhorn.applyPixelMajor(tf, scoresT);
    // S / w as a product with the prototypes scaled by 1/w: no extra pass over [N, d].
    Operand<TFloat32> logPT = tf.nn.logSoftmax(tf.linalg.matMul(scaledPixels, tf.math.mul(
        unitPrototypes, tf.constant((float) (1.0 / mappingTemperature)))));
    Operand<TFloat32> map = mapLoss(tf, logPT, qT);

    // Codes a_i^b [n, K, d] and centres a*_i [K, d].
    Operand<TFloat32> pT = tf.math.exp(logPT);
    Operand<TInt32> n = tf.gather(tf.shape(y), tf.constant(0), tf.constant(0));
    Operand<TFloat32> yb = tf.reshape(pooled,
        tf.stack(List.of(n, tf.constant(-1), tf.constant(k))));
    Operand<TFloat32> pb = tf.reshape(pT,
        tf.stack(List.of(n, tf.constant(-1), tf.constant(prototypes))));
    Operand<TFloat32> mass = tf.math.add(tf.reduceSum(yb, tf.constant(1), ReduceSum.keepDims(true)),
        tf.constant(CODE_EPS));
    Operand<TFloat32> weighted = tf.train.batchMatMul(yb, pb, TFloat32.class,
        BatchMatMul.adjX(true));
    Operand<TFloat32> codes = tf.math.div(weighted,
        tf.reshape(mass, tf.stack(List.of(n, tf.constant(k), tf.constant(1)))));
    Operand<TFloat32> centres = tf.math.mean(codes, tf.constant(0));

    // log(compact / (compact + discrim)) over the class maps, by log-sum-exp.
    int[] classes = new int[numClasses];
    for (int i = 0; i < numClasses; i++) {
      classes[i] = i;
    }
    Operand<TFloat32> classCodes = tf.gather(codes, tf.constant(classes), tf.constant(1));
    Operand<TFloat32> classCentres = tf.gather(centres, tf.constant(classes), tf.constant(0));
    Operand<TFloat32> invTau = tf.constant((float) (1.0 / tau));
    Operand<TFloat32> compactLogits = tf.reshape(tf.math.mul(
        Similarity.cosine(tf, classCodes, tf.expandDims(classCentres, tf.constant(0))), invTau),
        tf.constant(new int[] {-1}));
    Operand<TFloat32> logRatio;
    if (numClasses > 1) {
      Operand<TFloat32> unitCentres = Similarity.l2Normalize(tf, classCentres, 1);
      Operand<TFloat32> cosCentres = tf.linalg.matMul(unitCentres, unitCentres,
          MatMul.transposeB(true));
      int[] offDiagonal = new int[numClasses * (numClasses - 1)];
      int next = 0;
      for (int i = 0; i < numClasses; i++) {
        for (int j = 0; j < numClasses; j++) {
          if (i != j) {
            offDiagonal[next++] = i * numClasses + j;
          }
        }
      }
      Operand<TFloat32> discrimLogits = tf.math.mul(tf.gather(
          tf.reshape(cosCentres, tf.constant(new int[] {-1})), tf.constant(offDiagonal),
          tf.constant(0)), invTau);
      Operand<TFloat32> all = tf.concat(List.of(compactLogits, discrimLogits), tf.constant(0));
      logRatio = tf.math.sub(Reductions.logSumExp(tf, compactLogits),
          Reductions.logSumExp(tf, all));
    } else {
      logRatio = tf.constant(0f);
    }
    Operand<TFloat32> cluster = tf.math.sub(map, logRatio);
    return new ClusterTerms(map, cluster, centres);
  }
}
