package org.medcl.graphs.distributed;

import org.medcl.models.EnumNames;

/**
 * Where the terms that depend on the whole batch (the mixing pairs of L_mix, the Sinkhorn
 * mapping and class centres of L_cluster and L_ac, the batch Dice of L_scribble) are computed
 * when the batch is split over replicas.
 *
 * <p>Default {@link #GATHERED}: it is the method exactly (the Sinkhorn mapping is solved per
 * batch, METHOD.md section 3, and its equipartition constraint changes with the batch), so a
 * run on R devices trains the same model as a run on one. {@link #PER_REPLICA} is cheaper (no
 * gather of the output maps, the d x N Sinkhorn matrices shrink by R) and is the choice when the
 * global batch is large enough that each shard alone is a sensible MedCL batch.
 */
public enum BatchTerms {
  /**
   * The mixing runs on the host device over the global batch exactly as on one device; the
   * replicas' outputs are gathered on the host, which computes every term once.
   */
  GATHERED,
  /**
   * Each replica runs the whole MedCL step on its shard of B / R slices (its two views, the
   * inter-mix pairs reversed within the shard, all five terms); the loss is the mean of the
   * replicas' losses.
   */
  PER_REPLICA;

  /** The default, {@link #GATHERED}. */
  public static final BatchTerms DEFAULT = GATHERED;

  /** Parses a name case-insensitively ({@code gathered}, {@code per_replica}). */
  public static BatchTerms parse(String name) {
    return EnumNames.parse(BatchTerms.class, name, "batch terms");
  }
}
