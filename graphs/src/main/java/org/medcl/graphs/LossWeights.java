package org.medcl.graphs;

/**
 * Weights of the five MedCL terms in the objective (METHOD.md section 7), default 1 each, so
 * that the paper's ablations are runs of the same program. A term whose weight is 0 is not
 * built at all and reads as 0 in {@link StepResult}.
 *
 * @param mix weight of L_mix
 * @param cluster weight of L_cluster (which includes L_map)
 * @param ac weight of L_ac
 * @param scribble weight of L_scribble
 * @param category weight of L_category
 */
public record LossWeights(double mix, double cluster, double ac, double scribble,
    double category) {

  /** Validates that every weight is finite and not negative. */
  public LossWeights {
    double[] all = {mix, cluster, ac, scribble, category};
    for (double w : all) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("loss weights must be finite and >= 0, found mix="
            + mix + " cluster=" + cluster + " ac=" + ac + " scribble=" + scribble
            + " category=" + category);
      }
    }
    if (mix + cluster + ac + scribble + category == 0) {
      throw new IllegalArgumentException("at least one loss weight must be positive");
    }
  }

  /** Every weight 1. */
  public static LossWeights defaults() {
    return new LossWeights(1, 1, 1, 1, 1);
  }
}
