package org.medcl.losses;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The outputs of {@link ClusterLoss}.
 *
 * @param map {@code L_map}, a scalar
 * @param cluster {@code L_cluster = L_map - log(compact / (compact + discrim))}, a scalar; it
 *     includes {@code L_map}, so do not add both to the objective
 * @param centres the prototype centres {@code a* [K, d]}, one row per map, used by
 *     {@link AnatomyLoss}
 */
public record ClusterTerms(Operand<TFloat32> map, Operand<TFloat32> cluster,
    Operand<TFloat32> centres) {
}
