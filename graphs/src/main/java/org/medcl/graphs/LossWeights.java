package org.medcl.graphs;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Weights of the five MedCL terms in the objective (METHOD.md section 7), default 1 each, so
 * that the paper's ablations are runs of the same program. A term whose weight is 0 is not
 * built at all and reads as 0 in {@link StepResult}.
 *
 * <p><b>Choice</b> (not in the paper): the three unsupervised terms (L_mix, L_cluster, L_ac)
 * may be ramped up over the first {@code rampUpSteps} steps with the usual sigmoid-shaped
 * schedule of semi-supervised learning, {@code r(s) = exp(-5 (1 - min(s / R, 1))^2)}, so that
 * the scribble terms shape the class maps before the clustering terms pull on them. {@code R = 0}
 * (the default here, and the paper's method exactly) keeps their weights constant. The ramp is
 * computed in the graph from the step counter, so a resumed run continues on the same curve.
 *
 * @param mix weight of L_mix
 * @param cluster weight of L_cluster (which includes L_map)
 * @param ac weight of L_ac
 * @param scribble weight of L_scribble
 * @param category weight of L_category
 * @param rampUpSteps steps over which the unsupervised weights ramp up to their value, 0 = none
 */
public record LossWeights(double mix, double cluster, double ac, double scribble,
    double category, long rampUpSteps) {

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
    if (rampUpSteps < 0) {
      throw new IllegalArgumentException("rampUpSteps must be >= 0, found " + rampUpSteps);
    }
  }

  /** Constant weights (no ramp-up). */
  public LossWeights(double mix, double cluster, double ac, double scribble, double category) {
    this(mix, cluster, ac, scribble, category, 0);
  }

  /** Every weight 1, no ramp-up. */
  public static LossWeights defaults() {
    return new LossWeights(1, 1, 1, 1, 1);
  }

  /** These weights with the unsupervised terms ramped up over {@code steps} steps. */
  public LossWeights withRampUp(long steps) {
    return new LossWeights(mix, cluster, ac, scribble, category, steps);
  }

  /** The factor of the unsupervised weights after {@code step} steps (1 without ramp-up). */
  public double rampFactor(long step) {
    if (rampUpSteps == 0) {
      return 1;
    }
    double t = Math.min(1.0, Math.max(0, step) / (double) rampUpSteps);
    return Math.exp(-5 * (1 - t) * (1 - t));
  }

  /**
   * The weighted objective of the five terms (order mix, cluster, ac, scribble, category); a
   * term of weight 0 is skipped, the first three are scaled by {@link #rampFactor} of
   * {@code step} (the steps applied before this one).
   */
  public Operand<TFloat32> total(Ops tf, List<Operand<TFloat32>> terms, Operand<TInt64> step) {
    if (terms.size() != 5) {
      throw new IllegalArgumentException("expected the five terms, found " + terms.size());
    }
    double[] w = {mix, cluster, ac, scribble, category};
    Operand<TFloat32> unsupervised =
        sum(tf, terms.subList(0, 3), new double[] {w[0], w[1], w[2]});
    Operand<TFloat32> supervised = sum(tf, terms.subList(3, 5), new double[] {w[3], w[4]});
    if (unsupervised != null && rampUpSteps > 0) {
      Operand<TFloat32> t = tf.math.minimum(tf.math.div(tf.dtypes.cast(step, TFloat32.class),
          tf.constant((float) rampUpSteps)), tf.constant(1f));
      Operand<TFloat32> oneMinus = tf.math.sub(tf.constant(1f), t);
      Operand<TFloat32> factor = tf.math.exp(tf.math.mul(tf.constant(-5f),
          tf.math.mul(oneMinus, oneMinus)));
      unsupervised = tf.math.mul(unsupervised, factor);
    }
    Operand<TFloat32> sum = unsupervised == null ? supervised
        : supervised == null ? unsupervised : tf.math.add(unsupervised, supervised);
    return tf.identity(sum);
  }

  private static Operand<TFloat32> sum(Ops tf, List<Operand<TFloat32>> parts, double[] weights) {
    Operand<TFloat32> sum = null;
    for (int i = 0; i < parts.size(); i++) {
      if (weights[i] == 0) {
        continue;
      }
      Operand<TFloat32> term = weights[i] == 1 ? parts.get(i)
          : tf.math.mul(parts.get(i), tf.constant((float) weights[i]));
      sum = sum == null ? term : tf.math.add(sum, term);
    }
    return sum;
  }
}
