package org.medcl.graphs.distributed.impl;

import java.util.ArrayList;
import java.util.List;
import org.medcl.graphs.LossWeights;
import org.medcl.graphs.StepConfig;
import org.medcl.losses.CategoryLoss;
import org.medcl.losses.ClusterTerms;
import org.medcl.losses.ScribbleTerms;
import org.medcl.ops.mixing.InterMix;
import org.medcl.ops.mixing.IntraMix;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The mixing and the five MedCL terms of one batch, composed as {@code MedclStepGraph} composes
 * them (METHOD.md sections 2 to 7): {@link #mix} turns {@code b} slices and their draws into
 * the {@code 4b} network inputs (2b intra-mixed views, then 2b inter-mixed images pairing view
 * {@code i} with view {@code 2b-1-i}), {@link #terms} computes the terms from the network
 * outputs of those {@code 4b} images.
 */
public final class StepLosses {
  /** Names of the values {@link #terms} returns, in order (those of {@code StepResult}). */
  public static final List<String> NAMES = List.of("total", "mix", "map", "cluster", "ac",
      "scribble", "ce", "dice", "union_bce", "category");

  private final StepConfig config;
  private final Operand<TInt64> step;

  /**
   * Terms for {@code config}'s weights and loss settings; {@code step} (the steps applied so
   * far) drives the ramp-up of the unsupervised weights.
   */
  public StepLosses(StepConfig config, Operand<TInt64> step) {
    this.config = config;
    this.step = step;
  }

  /** The mixed batch: network inputs {@code [4b, h, w, c]} and intra targets {@code [2b, ..]}. */
  public record Mixed(Operand<TFloat32> inputs, Operand<TFloat32> intraTargets) {}

  /**
   * Two intra-mixed views of each of the {@code b} slices, then the inter-mix.
   *
   * @param theta {@code [2b]}, rows {@code 0..b-1} first views; likewise boxes, betaPrime, beta
   */
  public Mixed mix(Ops tf, Operand<TFloat32> images, Operand<TFloat32> targets,
      Operand<TFloat32> theta, Operand<TFloat32> boxes, Operand<TFloat32> betaPrime,
      Operand<TFloat32> beta) {
    Operand<TFloat32> tiledImages = tf.concat(List.of(images, images), tf.constant(0));
    Operand<TFloat32> tiledTargets = tf.concat(List.of(targets, targets), tf.constant(0));
    IntraMix.Mixed intra = IntraMix.applyWithBoxes(tf, tiledImages, tiledTargets, theta, boxes,
        betaPrime);
    Operand<TFloat32> x = intra.images();
    Operand<TFloat32> inter = InterMix.apply(tf, x, reverseRows(tf, x), beta);
    return new Mixed(tf.concat(List.of(x, inter), tf.constant(0)), intra.targets());
  }

  /**
   * The terms, {@link #NAMES} order, from the outputs of the {@code 4b} mixed images.
   *
   * @param known {@code [b]} 1 for slices whose classes are known
   * @param beta {@code [2b]} the inter-mix weights
   * @param prototypes a read of the prototype matrix {@code [2m-1, d]}
   */
  public List<Operand<TFloat32>> terms(Ops lt, ReplicaForward.Heads out,
      Operand<TFloat32> intraTargets, Operand<TFloat32> known, Operand<TFloat32> beta,
      Operand<TFloat32> prototypes) {
    int m = config.numClasses();
    long half = out.probabilities().shape().get(0) / 2;
    long[] halves = {half, half};
    List<Operand<TFloat32>> probs = splitRows(lt, out.probabilities(), halves);
    List<Operand<TFloat32>> unions = splitRows(lt, out.unions(), halves);
    List<Operand<TFloat32>> classLogits = splitRows(lt, out.classLogits(), halves);
    List<Operand<TFloat32>> unionLogits = splitRows(lt, out.unionLogits(), halves);
    Operand<TFloat32> yIntra = maps(lt, probs.get(0), unions.get(0), m);
    Operand<TFloat32> yInter = maps(lt, probs.get(1), unions.get(1), m);

    LossWeights wts = config.weights();
    Operand<TFloat32> mix = wts.mix() > 0
        ? config.mix().apply(lt, yInter, yIntra, reverseRows(lt, yIntra), beta) : zero(lt);
    Operand<TFloat32> map = zero(lt);
    Operand<TFloat32> cluster = zero(lt);
    Operand<TFloat32> ac = zero(lt);
    if (wts.cluster() > 0 || wts.ac() > 0) {
      ClusterTerms ct = config.cluster().apply(lt, yIntra, prototypes);
      map = ct.map();
      cluster = ct.cluster();
      if (wts.ac() > 0) {
        ac = config.anatomy().apply(lt, yIntra, ct.centres());
      }
    }
    Operand<TFloat32> scribble = zero(lt);
    Operand<TFloat32> ce = zero(lt);
    Operand<TFloat32> dice = zero(lt);
    Operand<TFloat32> unionBce = zero(lt);
    if (wts.scribble() > 0) {
      ScribbleTerms st = config.scribble().apply(lt, classLogits.get(0), unionLogits.get(0),
          intraTargets);
      scribble = st.total();
      ce = st.ce();
      dice = st.dice();
      unionBce = st.unionBce();
    }
    Operand<TFloat32> category = zero(lt);
    if (wts.category() > 0) {
      Operand<TFloat32> present = CategoryLoss.presence(lt, intraTargets);
      Operand<TFloat32> known2 = lt.concat(List.of(known, known), lt.constant(0));
      category = new CategoryLoss().apply(lt, probs.get(0), present, known2);
    }
    Operand<TFloat32> total = wts.total(lt, List.of(mix, cluster, ac, scribble, category),
        step);
    return List.of(total, mix, map, cluster, ac, scribble, ce, dice, unionBce, category);
  }

  /** Rows in reverse order. */
  public static Operand<TFloat32> reverseRows(Ops tf, Operand<TFloat32> x) {
    return tf.reverse(x, tf.constant(new int[] {0}));
  }

  /** Splits {@code x} along rows into parts of {@code sizes}. */
  public static List<Operand<TFloat32>> splitRows(Ops tf, Operand<TFloat32> x, long[] sizes) {
    var parts = tf.splitV(x, tf.constant(sizes), tf.constant(0), (long) sizes.length);
    List<Operand<TFloat32>> out = new ArrayList<>();
    parts.output().forEach(out::add);
    return out;
  }

  private static Operand<TFloat32> zero(Ops tf) {
    return tf.constant(0f);
  }

  /** {@code Y = concat(p[..., 1:], unions)}, {@code 2m - 1} channels. */
  private static Operand<TFloat32> maps(Ops tf, Operand<TFloat32> p, Operand<TFloat32> u,
      int m) {
    Operand<TFloat32> fg = tf.slice(p, tf.constant(new int[] {0, 0, 0, 1}),
        tf.constant(new int[] {-1, -1, -1, m}));
    return tf.concat(List.of(fg, u), tf.constant(3));
  }
}
