package org.medcl.losses;

import org.medcl.ops.Similarity;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Anatomy consistency, local to global (METHOD.md section 5):
 * <pre>
 *   L_ac = sum_k [ mean_b -cos(Y_j^b, sum_{i in Omega_k} Y_i^b)
 *                  - cos(a*_j, sum_{i in Omega_k} a*_i) ]
 * </pre>
 * with {@code j} the map of union {@code Omega_k}, maps flattened per image. Layouts:
 * {@code Y [n, h, w, K]} (channels {@code 0..m-1} classes 1..m, {@code m..2m-2} the unions in
 * chain order), centres {@code a* [K, d]} from {@link ClusterLoss}. Range
 * {@code [-2(m-1), 2(m-1)]}.
 *
 * <p>{@code areaFloor} floors the norms of the flattened maps in the local term, as in
 * {@link MixLoss} (a setting of this project; 0 is the method exactly).
 *
 * @param chain the union chain
 * @param areaFloor the fraction of the pixels below whose area a map's norm is floored in the
 *     local term, {@code >= 0}; 0 = the plain cosine
 */
public record AnatomyLoss(UnionChain chain, double areaFloor) {

  /**
   * Validates the configuration.
   *
   * @param chain see the record description
   * @param areaFloor see the record description
   * @throws IllegalArgumentException if the chain is null or the floor negative or not finite
   */
  public AnatomyLoss {
    if (chain == null) {
      throw new IllegalArgumentException("expected a union chain, found null");
    }
    Similarity.requireAreaFloor(areaFloor);
  }

  /**
   * The plain cosine (no area floor).
   *
   * @param chain see the record description
   */
  public AnatomyLoss(UnionChain chain) {
    this(chain, 0);
  }

  /**
   * Builds the loss.
   *
   * @param tf the graph context
   * @param y maps {@code [n, h, w, K]}
   * @param centres {@code [K, d]}
   * @return a scalar (0 when the chain has no union)
   */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> y, Operand<TFloat32> centres) {
    Channels.checkLastDim("y", y, 4, chain.numMaps());
    if (centres.shape().numDimensions() != 2 || centres.shape().get(0) != chain.numMaps()) {
      throw new IllegalArgumentException("expected centres [" + chain.numMaps() + ", d],"
          + " found shape " + centres.shape());
    }
    Operand<TFloat32> total = tf.constant(0f);
    for (int k = 0; k < chain.size(); k++) {
      int[] classes = chain.classChannels(k);
      int union = chain.unionChannel(k);
      Operand<TFloat32> unionMap = Channels.select(tf, y, union);
      Operand<TFloat32> classSum = Channels.sum(tf, y, classes);
      Operand<TFloat32> local = tf.math.neg(tf.math.mean(
          Similarity.cosineFlat(tf, unionMap, classSum, areaFloor),
          tf.constant(new int[] {0, 1})));
      Operand<TFloat32> unionCentre = tf.gather(centres, tf.constant(union), tf.constant(0));
      Operand<TFloat32> centreSum = tf.reduceSum(
          tf.gather(centres, tf.constant(classes), tf.constant(0)), tf.constant(0));
      Operand<TFloat32> global = tf.math.neg(Similarity.cosine(tf, unionCentre, centreSum));
      total = tf.math.add(total, tf.math.add(local, global));
    }
    return total;
  }
}
