package org.medcl.graphs;

import java.util.ArrayList;
import java.util.List;
import org.medcl.graphs.impl.MixedPrecision;
import org.medcl.graphs.impl.Reachability;
import org.medcl.graphs.impl.ScheduledAdam;
import org.medcl.graphs.impl.TracedRun;
import org.medcl.losses.CategoryLoss;
import org.medcl.losses.ClusterTerms;
import org.medcl.losses.ScribbleTerms;
import org.medcl.models.Mode;
import org.medcl.models.Precision;
import org.medcl.models.UNet;
import org.medcl.models.UNetOutput;
import org.medcl.ops.mixing.InterMix;
import org.medcl.ops.mixing.IntraMix;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MedCL training step (METHOD.md section 2) as a TensorFlow graph with its session, plus an
 * inference forward on the same variables.
 *
 * <p>Per step: the B slices are tiled to 2B rows (rows {@code 0..B-1} first views, rows
 * {@code B..2B-1} second views) and intra-mixed with the fed draws; inter-mixed image {@code i}
 * is {@code beta[i] x'_i + (1 - beta[i]) x'_{2B-1-i}}. ONE TRAINING-mode forward runs on the 4B
 * images (intra first), so BatchNorm's batch statistics cover all of them. With
 * {@code Y = concat(p[..., 1:], unions)}: L_mix on the inter images against
 * {@code beta Y(x'_i) + (1 - beta) Y(x'_{2B-1-i})}; L_cluster (with L_map), L_ac, L_scribble
 * and L_category (presence from the mixed targets, only for known slices) on the 2B intra
 * images. Gradients of the weighted total go to the UNet's trainables and
 * {@code medcl/prototypes} only; the Adam update, the BatchNorm moving-average assigns and the
 * step increment all run in the one {@code Session.run} of {@link #step}.
 *
 * <p>Checkpoint layout ({@link #save}): TensorFlow's V2 bundle ({@code prefix.index},
 * {@code prefix.data-00000-of-00001}) holding every variable: the network {@code unet/...}
 * (kernels, biases, BatchNorm gamma, beta, moving_mean, moving_variance), the prototypes
 * {@code medcl/prototypes [2m-1, d]}, the step counter {@code medcl/step} (int64), Adam's slots
 * {@code adam/<variable>/m} and {@code adam/<variable>/v} for every trainable, and
 * {@code adam/beta1_power}, {@code adam/beta2_power}. {@link InferenceGraph} restores the
 * {@code unet/...} part of the same files.
 *
 * <p>Not thread-safe; close it to free the native graph and session.
 */
public final class MedclStepGraph implements AutoCloseable {
  /** Name of the prototype variable. */
  public static final String PROTOTYPES = "medcl/prototypes";
  /** Name of the step counter variable. */
  public static final String STEP = "medcl/step";
  /** Name scope of the optimizer's own variables. */
  public static final String OPTIMIZER = "adam";

  private static final Logger LOG = LoggerFactory.getLogger(MedclStepGraph.class);

  private final StepConfig config;
  private final Graph graph;
  private final Session session;
  private final Precision precision;
  private final UNet net;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TFloat32> targets;
  private final Placeholder<TFloat32> known;
  private final Placeholder<TFloat32> theta;
  private final Placeholder<TFloat32> boxes;
  private final Placeholder<TFloat32> betaPrime;
  private final Placeholder<TFloat32> beta;
  private final Placeholder<TFloat32> learningRate;
  private final Placeholder<TFloat32> inferImages;
  private final Operand<TFloat32> inferProbabilities;
  private final Operand<TInt64> stepValue;
  private final Operand<TInt64> stepAfter;
  private final List<Operand<TFloat32>> terms = new ArrayList<>();
  private final Op train;
  private final List<Variable<TFloat32>> trainables;
  private boolean closed;

  private MedclStepGraph(StepConfig config, ThreadSettings threads) {
    this.config = config;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      int b = config.batch();
      int h = config.height();
      int w = config.width();
      int m = config.numClasses();
      int c = config.channels();

      // feeds
      images = placeholder(tf, "images", Shape.of(b, h, w, c));
      targets = placeholder(tf, "targets", Shape.of(b, h, w, m + 1));
      known = placeholder(tf, "known", Shape.of(b));
      theta = placeholder(tf, "theta", Shape.of(2L * b));
      boxes = placeholder(tf, "boxes", Shape.of(2L * b, 4));
      betaPrime = placeholder(tf, "beta_prime", Shape.of(2L * b));
      beta = placeholder(tf, "beta", Shape.of(2L * b));
      learningRate = placeholder(tf, "learning_rate", Shape.scalar());

      // variables: network, prototypes, step counter
      precision = MixedPrecision.effective(config.precision());
      net = UNet.create(tf, config.unet());
      Ops medcl = tf.withSubScope("medcl");
      Ops init = tf.withInitScope();
      Variable<TFloat32> prototypes = medcl.withName("prototypes").variable(
          init.random.statelessRandomNormal(init.constant(new int[] {config.numMaps(),
              config.prototypes()}), init.constant(new long[] {config.seed(), 1L})));
      Variable<TInt64> step = medcl.withName("step").variable(init.constant(0L));
      stepValue = tf.identity(step);

      // two intra-mixed views per slice, then the inter-mix with the views reversed
      Ops mixScope = tf.withSubScope("mixing");
      Operand<TFloat32> tiledImages = mixScope.concat(List.of(images, images),
          mixScope.constant(0));
      Operand<TFloat32> tiledTargets = mixScope.concat(List.of(targets, targets),
          mixScope.constant(0));
      IntraMix.Mixed intra = IntraMix.applyWithBoxes(mixScope, tiledImages, tiledTargets, theta,
          boxes, betaPrime);
      Operand<TFloat32> xIntra = intra.images();
      // Without L_mix the inter-mixed images feed no term: they are not forwarded at all, so
      // a run with the unsupervised terms off costs (and normalises BatchNorm over) 2B images.
      LossWeights wts = config.weights();
      boolean withInter = wts.mix() > 0;
      Operand<TFloat32> all = xIntra;
      if (withInter) {
        Operand<TFloat32> inter = InterMix.apply(mixScope, xIntra,
            reverseRows(mixScope, xIntra), beta);
        all = mixScope.concat(List.of(xIntra, inter), mixScope.constant(0));
      }

      // one TRAINING forward of the 4B images; dropout seed (seed, step)
      Operand<TInt64> dropoutSeed = tf.stack(List.of(tf.constant(config.seed()), stepValue));
      UNetOutput out = net.forward(tf, all, Mode.TRAINING, dropoutSeed,
          config.activationMemory());
      Ops lt = tf.withSubScope("losses");
      long[] halves = withInter ? new long[] {2L * b, 2L * b} : new long[] {2L * b};
      List<Operand<TFloat32>> probs = splitRows(lt, out.probabilities(), halves);
      List<Operand<TFloat32>> unions = splitRows(lt, out.unions(), halves);
      List<Operand<TFloat32>> classLogits = splitRows(lt, out.classLogits(), halves);
      List<Operand<TFloat32>> unionLogits = splitRows(lt, out.unionLogits(), halves);
      Operand<TFloat32> yIntra = maps(lt, probs.get(0), unions.get(0), m);

      // the five terms; a term no positive weight needs is not built
      Operand<TFloat32> mix = withInter
          ? config.mix().apply(lt, maps(lt, probs.get(1), unions.get(1), m), yIntra,
              reverseRows(lt, yIntra), beta)
          : zero(lt);
      Operand<TFloat32> map = zero(lt);
      Operand<TFloat32> cluster = zero(lt);
      Operand<TFloat32> ac = zero(lt);
      if (wts.cluster() > 0 || wts.ac() > 0) {
        ClusterTerms ct = config.cluster().apply(lt, yIntra, lt.identity(prototypes));
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
            intra.targets());
        scribble = st.total();
        ce = st.ce();
        dice = st.dice();
        unionBce = st.unionBce();
      }
      Operand<TFloat32> category = zero(lt);
      if (wts.category() > 0) {
        Operand<TFloat32> present = CategoryLoss.presence(lt, intra.targets());
        Operand<TFloat32> known2 = lt.concat(List.of(known, known), lt.constant(0));
        category = new CategoryLoss().apply(lt, probs.get(0), present, known2);
      }
      Operand<TFloat32> total = wts.total(lt, List.of(mix, cluster, ac, scribble, category),
          stepValue);
      terms.addAll(List.of(total, mix, map, cluster, ac, scribble, ce, dice, unionBce,
          category));

      // gradients of the trainables only, Adam, then BatchNorm updates and the step increment
      List<Variable<TFloat32>> vars = new ArrayList<>(net.trainableVariables());
      vars.add(prototypes);
      trainables = Reachability.reachable(total, vars);
      List<Operand<TFloat32>> gradients = out.backward().gradients(tf, total, trainables);
      ScheduledAdam adam = new ScheduledAdam(tf, OPTIMIZER, learningRate,
          config.adam().beta1(), config.adam().beta2(), config.adam().epsilon());
      Op update = adam.apply(gradients, trainables);
      List<Op> after = new ArrayList<>(out.batchNormUpdates());
      after.add(update);
      Ops done = tf.withControlDependencies(after);
      stepAfter = done.assignAdd(step, done.constant(1L));
      train = tf.withControlDependencies(List.of(stepAfter)).withName("train").noOp();

      // inference forward on any batch and size, same variables
      inferImages = placeholder(tf, "infer_images", Shape.of(-1, -1, -1, c));
      inferProbabilities = net.forward(tf, inferImages, Mode.INFERENCE).probabilities();

      session = new Session(graph, MixedPrecision.apply(threads.toConfigProto(), precision));
      LOG.info("step graph built batch={} size={}x{} slice_forwards={} trainables={}"
          + " parameters={} prototypes={}x{} precision={} activations={}", b, h, w,
          (withInter ? 4 : 2) * b, trainables.size(), parameterCount(), config.numMaps(),
          config.prototypes(), precision.key(), config.activationMemory().key());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** Builds the step graph and its session with TensorFlow's default thread pools. */
  public static MedclStepGraph build(StepConfig config) {
    return build(config, ThreadSettings.automatic());
  }

  /** Builds the step graph and its session with the given thread pools. */
  public static MedclStepGraph build(StepConfig config, ThreadSettings threads) {
    if (config == null || threads == null) {
      throw new IllegalArgumentException("config and threads must not be null");
    }
    return new MedclStepGraph(config, threads);
  }

  /** The configuration. */
  public StepConfig config() {
    return config;
  }

  /** The graph (for inspection and tests; do not add ops after the first step). */
  public Graph graph() {
    return graph;
  }

  /**
   * The precision the session runs in: the config's, or float32 where bfloat16 is not available
   * (see {@code MixedPrecision.effective}).
   */
  public Precision precision() {
    return precision;
  }

  /** The session running this graph. */
  public Session session() {
    checkOpen();
    return session;
  }

  /**
   * Trainable variables the objective reaches: the UNet's, then {@code medcl/prototypes}
   * (absent when L_cluster and L_ac are off).
   */
  public List<Variable<TFloat32>> trainableVariables() {
    return trainables;
  }

  /** Number of trainable parameters (network and prototypes). */
  public long parameterCount() {
    long n = 0;
    for (Variable<TFloat32> v : trainables) {
      n += v.shape().size();
    }
    return n;
  }

  /**
   * Runs one step: computes every term on {@code feeds}, applies Adam with
   * {@code learningRate}, updates BatchNorm statistics and the step counter.
   */
  public StepResult step(StepFeeds feeds, float learningRate) {
    return step(feeds, learningRate, null);
  }

  /**
   * As {@link #step(StepFeeds, float)}, with a full trace whose step statistics (per-node
   * times) land in {@code metadata[0]} when {@code metadata} is not null.
   */
  public StepResult step(StepFeeds feeds, float learningRate, RunMetadata[] metadata) {
    checkOpen();
    feeds.check(config);
    if (!(learningRate >= 0) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be finite and >= 0, found "
          + learningRate);
    }
    int b = config.batch();
    int h = config.height();
    int w = config.width();
    int m = config.numClasses();
    try (TFloat32 ti = tensor(feeds.images(), b, h, w, config.channels());
        TFloat32 tt = tensor(feeds.targets(), b, h, w, m + 1);
        TFloat32 tk = tensor(feeds.known(), b);
        TFloat32 tth = tensor(feeds.theta(), 2L * b);
        TFloat32 tb = tensor(feeds.boxes(), 2L * b, 4);
        TFloat32 tbp = tensor(feeds.betaPrime(), 2L * b);
        TFloat32 tbe = tensor(feeds.beta(), 2L * b);
        TFloat32 tlr = TFloat32.scalarOf(learningRate)) {
      Session.Runner r = session.runner().feed(images, ti).feed(targets, tt).feed(known, tk)
          .feed(theta, tth).feed(boxes, tb).feed(betaPrime, tbp).feed(beta, tbe)
          .feed(this.learningRate, tlr);
      terms.forEach(r::fetch);
      r.fetch(stepAfter).addTarget(train);
      try (Result res = TracedRun.run(r, metadata)) {
        double[] v = new double[terms.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = ((TFloat32) res.get(i)).getFloat();
        }
        long step = ((TInt64) res.get(terms.size())).getLong();
        StepResult sr = new StepResult(step, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
            v[8], v[9]);
        if (LOG.isDebugEnabled()) {
          LOG.debug("step={} loss={} mix={} cluster={} ac={} scribble={} category={}", step,
              sr.total(), sr.mix(), sr.cluster(), sr.ac(), sr.scribble(), sr.category());
        }
        return sr;
      }
    }
  }

  /**
   * Probabilities {@code [n, h, w, m + 1]} (row-major) of {@code images} {@code [n, h, w, c]}
   * from the INFERENCE forward (moving averages, no dropout).
   */
  public float[] infer(float[] images, int n, int h, int w) {
    checkOpen();
    return Inference.run(session, inferImages, inferProbabilities, images, n, h, w,
        config.channels(), config.numClasses());
  }

  /** The step counter: steps applied so far. */
  public long globalStep() {
    checkOpen();
    try (Result r = session.runner().fetch(stepValue).run()) {
      return ((TInt64) r.get(0)).getLong();
    }
  }

  /** Saves every variable to the checkpoint {@code prefix} (see the class comment). */
  public void save(String prefix) {
    checkOpen();
    session.save(prefix);
    LOG.info("checkpoint saved prefix={} step={}", prefix, globalStep());
  }

  /** Restores every variable from the checkpoint {@code prefix} written by {@link #save}. */
  public void restore(String prefix) {
    checkOpen();
    session.restore(prefix);
    LOG.info("checkpoint restored prefix={} step={}", prefix, globalStep());
  }

  /** Closes the session, then the graph; idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      session.close();
      graph.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this MedclStepGraph is closed");
    }
  }

  private static Placeholder<TFloat32> placeholder(Ops tf, String name, Shape shape) {
    return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(shape));
  }

  private static TFloat32 tensor(float[] values, long... shape) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
  }

  /** A fresh zero constant (a fetched operand must not appear twice in one run). */
  private static Operand<TFloat32> zero(Ops tf) {
    return tf.constant(0f);
  }

  private static Operand<TFloat32> reverseRows(Ops tf, Operand<TFloat32> x) {
    return tf.reverse(x, tf.constant(new int[] {0}));
  }

  private static List<Operand<TFloat32>> splitRows(Ops tf, Operand<TFloat32> x, long[] sizes) {
    if (sizes.length == 1) {
      // SplitV into one part has a gradient (a one-input ConcatV2) that TensorFlow rejects.
      return List.of(x);
    }
    var parts = tf.splitV(x, tf.constant(sizes), tf.constant(0), (long) sizes.length);
    List<Operand<TFloat32>> out = new ArrayList<>();
    parts.output().forEach(out::add);
    return out;
  }

  /** {@code Y = concat(p[..., 1:], unions)}, {@code 2m - 1} channels. */
  private static Operand<TFloat32> maps(Ops tf, Operand<TFloat32> p, Operand<TFloat32> u,
      int m) {
    Operand<TFloat32> fg = tf.slice(p, tf.constant(new int[] {0, 0, 0, 1}),
        tf.constant(new int[] {-1, -1, -1, m}));
    return tf.concat(List.of(fg, u), tf.constant(3));
  }
}
