package org.medcl.graphs.distributed;

import org.medcl.models.EnumNames;

/**
 * How BatchNorm computes its training statistics when the batch is split over replicas.
 *
 * <p>Default {@link #SYNCHRONISED}: the issue asks for the model one device would give with the
 * same global batch, and only global statistics give it; on CPU devices and on GPUs of one
 * machine the two extra reductions per BatchNorm layer are small next to the convolutions.
 */
public enum BatchNormSync {
  /**
   * Mean and variance over the whole global batch: each replica sends per-channel sums to the
   * host device, which returns the global moments (two rounds per layer: mean, then the
   * centred squares). Exactly the single-device forward and gradients.
   */
  SYNCHRONISED,
  /**
   * Mean and variance over each replica's own shard (no communication in the forward); the
   * moving averages take the mean over replicas of the shard statistics. Differs from the
   * single-device step because each shard is normalised with its own statistics.
   */
  PER_REPLICA;

  /** The default, {@link #SYNCHRONISED}. */
  public static final BatchNormSync DEFAULT = SYNCHRONISED;

  /** Parses a name case-insensitively ({@code synchronised}, {@code per_replica}). */
  public static BatchNormSync parse(String name) {
    return EnumNames.parse(BatchNormSync.class, name, "BatchNorm sync");
  }
}
