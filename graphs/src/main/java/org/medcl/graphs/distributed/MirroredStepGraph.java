package org.medcl.graphs.distributed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.medcl.graphs.MedclStepGraph;
import org.medcl.graphs.StepConfig;
import org.medcl.graphs.StepFeeds;
import org.medcl.graphs.StepResult;
import org.medcl.graphs.ThreadSettings;
import org.medcl.graphs.distributed.impl.Placement;
import org.medcl.graphs.distributed.impl.RemoteSession;
import org.medcl.graphs.distributed.impl.ReplicaForward;
import org.medcl.graphs.distributed.impl.SessionDevices;
import org.medcl.graphs.distributed.impl.StepLosses;
import org.medcl.graphs.impl.MixedPrecision;
import org.medcl.graphs.impl.Reachability;
import org.medcl.graphs.impl.ScheduledAdam;
import org.medcl.graphs.impl.TracedRun;
import org.medcl.models.ActivationMemory;
import org.medcl.models.Mode;
import org.medcl.models.Precision;
import org.medcl.models.UNet;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MedCL training step split over R replicas (data parallelism), with the API of
 * {@link MedclStepGraph}: the global batch of B slices is split into R shards of B / R, each
 * replica runs the network forward and backward on its shard on its own device, the gradients
 * of the shared variables are summed on the host device (the first), and one Adam update
 * (the same {@code ScheduledAdam}) applies them.
 *
 * <p>With {@link BatchTerms#GATHERED} the host mixes the global batch exactly as the single
 * device step does and sends replica {@code k} the intra-mixed rows {@code [k 2B/R, (k+1) 2B/R)}
 * and the same inter-mixed rows; the replicas' outputs come back to the host, which computes
 * the terms once. Together with {@link BatchNormSync#SYNCHRONISED} and no dropout the loss and
 * the gradients are those of {@code MedclStepGraph} on the same feeds. With
 * {@link BatchTerms#PER_REPLICA} replica {@code k} takes slices {@code [k B/R, (k+1) B/R)} and
 * their draws (view rows {@code s} and {@code B + s}), mixes them within the shard and computes
 * all terms; every reported term is the mean over replicas, and so is the gradient.
 *
 * <p>Placement: the graph is built without devices, exported, placed by {@link Placement}
 * (forward ops by their {@code replicaK/} prefix, gradient ops after their inputs) and imported
 * into the graph the session runs; the placement is logged once. Variables, feeds, inference and
 * checkpoint names are those of {@code MedclStepGraph}, so checkpoints move between the two.
 *
 * <p>Not thread-safe; close it to free the native graph and session.
 */
public final class MirroredStepGraph implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MirroredStepGraph.class);
  private static final String GRADIENT_PREFIX = "Gradients/";
  private static final String SCOPE = "mirrored";
  private static final String TERM = "term_";
  private static final String GRADIENT = "gradient_";
  private static final String STEP_VALUE = "step_value";
  private static final String STEP_AFTER = "step_after";
  private static final String TRAIN = "train";
  private static final String INFER_IN = "infer_images";
  private static final String INFER_OUT = "infer_probabilities";

  private final StepConfig config;
  private final MirroredConfig mirrored;
  private final Graph graph;
  private final Session session;
  private final List<String> trainableNames = new ArrayList<>();
  private final Map<String, Integer> placement;
  private boolean closed;

  private MirroredStepGraph(StepConfig config, MirroredConfig mirrored, ThreadSettings threads,
      String target, long timeoutMs) {
    this.config = config;
    this.mirrored = mirrored;
    Precision precision = MixedPrecision.effective(config.precision());
    if (config.activationMemory() == ActivationMemory.RECOMPUTE) {
      // TODO: the replicas' forward (ReplicaForward, cross-replica BatchNorm) has no
      // recomputing backward yet, and its gradients are placed on devices by name prefix,
      // which the recomputed segments would need too; so the mirrored step keeps everything.
      LOG.warn("train.activations=recompute ignored: the mirrored step keeps every activation");
    }
    GraphDef placed;
    try (Graph build = new Graph()) {
      buildStep(build);
      Placement p = new Placement(mirrored.devices(), GRADIENT_PREFIX);
      placed = p.apply(build.toGraphDef());
    }
    placement = Placement.countByDevice(placed);
    graph = new Graph();
    Session opened = null;
    try {
      graph.importGraphDef(placed);
      ConfigProto.Builder proto = MixedPrecision.apply(threads.toConfigProto(), precision)
          .toBuilder().putDeviceCount("CPU", mirrored.cpuDeviceCount());
      if (target == null) {
        opened = new Session(graph, proto.build());
      } else {
        // the distributed runtime refuses per-session thread pools
        opened = RemoteSession.open(graph, target, proto.setOperationTimeoutInMs(timeoutMs)
            .setUsePerSessionThreads(false).build());
        opened.initialize();
      }
      checkDevices(opened, mirrored);
    } catch (RuntimeException e) {
      // a graph cannot close while a session on it is open
      if (opened != null) {
        opened.close();
      }
      graph.close();
      throw e;
    }
    session = opened;
    LOG.info("mirrored step graph built target={} replicas={} devices={} batch_norm={}"
        + " batch_terms={} batch={} shard={} size={}x{} trainables={}",
        target == null ? "local" : target, mirrored.replicas(), mirrored.devices(),
        mirrored.batchNorm(), mirrored.batchTerms(), config.batch(),
        config.batch() / mirrored.replicas(), config.height(), config.width(),
        trainableNames.size());
    LOG.info("placement nodes_per_device={}", placement);
  }

  /** Throws if a requested device is not among those the session sees. */
  private static void checkDevices(Session session, MirroredConfig mirrored) {
    List<String> visible = SessionDevices.visible(session);
    String missing = SessionDevices.missing(mirrored.devices(), visible);
    if (missing != null) {
      String hint = missing.contains("GPU") ? " (no GPU visible: a CPU build, no NVIDIA driver,"
          + " or CUDA 12 / cuDNN 9 libraries not on the loader path)" : "";
      throw new IllegalArgumentException("device " + missing + " was asked for but TensorFlow"
          + " sees only " + visible + hint);
    }
  }

  /** Builds the mirrored step and its session with TensorFlow's default thread pools. */
  public static MirroredStepGraph build(StepConfig config, MirroredConfig mirrored) {
    return build(config, mirrored, ThreadSettings.automatic());
  }

  /**
   * Builds the mirrored step and its session.
   *
   * @throws IllegalArgumentException if B is not a multiple of R
   */
  public static MirroredStepGraph build(StepConfig config, MirroredConfig mirrored,
      ThreadSettings threads) {
    return build(config, mirrored, threads, null, 0);
  }

  /**
   * Builds the mirrored step with its session running against the TensorFlow server
   * {@code target} ({@code grpc://host:port}, the chief's own server); devices name the
   * cluster's tasks. {@code timeoutMs} bounds every run (0: no bound), so that a dead worker
   * makes a step fail instead of hang.
   */
  public static MirroredStepGraph build(StepConfig config, MirroredConfig mirrored,
      ThreadSettings threads, String target, long timeoutMs) {
    if (config == null || mirrored == null || threads == null) {
      throw new IllegalArgumentException("config, mirrored and threads must not be null");
    }
    if (config.batch() % mirrored.replicas() != 0) {
      throw new IllegalArgumentException("batch B = " + config.batch() + " must be a multiple"
          + " of the replica count R = " + mirrored.replicas() + " (devices "
          + mirrored.devices() + ")");
    }
    if (timeoutMs < 0) {
      throw new IllegalArgumentException("timeout must be >= 0 ms, found " + timeoutMs);
    }
    return new MirroredStepGraph(config, mirrored, threads, target, timeoutMs);
  }

  private void buildStep(Graph build) {
    Ops tf = Ops.create(build);
    Ops named = tf.withSubScope(SCOPE);
    int b = config.batch();
    int r = mirrored.replicas();
    int h = config.height();
    int w = config.width();
    int m = config.numClasses();
    int c = config.channels();
    Placeholder<TFloat32> images = placeholder(tf, "images", Shape.of(b, h, w, c));
    Placeholder<TFloat32> targets = placeholder(tf, "targets", Shape.of(b, h, w, m + 1));
    Placeholder<TFloat32> known = placeholder(tf, "known", Shape.of(b));
    Placeholder<TFloat32> theta = placeholder(tf, "theta", Shape.of(2L * b));
    Placeholder<TFloat32> boxes = placeholder(tf, "boxes", Shape.of(2L * b, 4));
    Placeholder<TFloat32> betaPrime = placeholder(tf, "beta_prime", Shape.of(2L * b));
    Placeholder<TFloat32> beta = placeholder(tf, "beta", Shape.of(2L * b));
    Placeholder<TFloat32> learningRate = placeholder(tf, "learning_rate", Shape.scalar());

    // variables, named as in MedclStepGraph
    UNet net = UNet.create(tf, config.unet());
    Ops medcl = tf.withSubScope("medcl");
    Ops init = tf.withInitScope();
    Variable<TFloat32> prototypes = medcl.withName("prototypes").variable(
        init.random.statelessRandomNormal(init.constant(new int[] {config.numMaps(),
            config.prototypes()}), init.constant(new long[] {config.seed(), 1L})));
    Variable<TInt64> step = medcl.withName("step").variable(init.constant(0L));
    Operand<TInt64> stepValue = named.withName(STEP_VALUE).identity(step);
    Operand<TFloat32> protoRead = tf.identity(prototypes);
    Operand<TInt64> dropoutSeed = tf.stack(List.of(tf.constant(config.seed()), stepValue));

    List<Ops> scopes = new ArrayList<>();
    for (int k = 0; k < r; k++) {
      scopes.add(tf.withSubScope("replica" + k));
    }
    ReplicaForward forward = new ReplicaForward(net, tf.withSubScope("sync"), scopes,
        mirrored.batchNorm());
    StepLosses losses = new StepLosses(config, stepValue);
    List<Operand<TFloat32>> terms;
    if (mirrored.batchTerms() == BatchTerms.GATHERED) {
      terms = gathered(tf, scopes, forward, losses, images, targets, known, theta, boxes,
          betaPrime, beta, protoRead, dropoutSeed);
    } else {
      terms = perReplica(tf, scopes, forward, losses, images, targets, known, theta, boxes,
          betaPrime, beta, protoRead, dropoutSeed);
    }
    for (int i = 0; i < terms.size(); i++) {
      named.withName(TERM + StepLosses.NAMES.get(i)).identity(terms.get(i));
    }

    // gradients summed over replicas on the host, Adam, BatchNorm updates, step increment
    List<Variable<TFloat32>> vars = new ArrayList<>(net.trainableVariables());
    vars.add(prototypes);
    List<Variable<TFloat32>> trainables = Reachability.reachable(terms.get(0), vars);
    Gradients grads = tf.gradients(terms.get(0), trainables);
    List<Operand<TFloat32>> gradients = new ArrayList<>();
    for (int i = 0; i < trainables.size(); i++) {
      gradients.add(named.withName(GRADIENT + i).identity(grads.dy(i)));
      trainableNames.add(trainables.get(i).op().name());
    }
    ScheduledAdam adam = new ScheduledAdam(tf, MedclStepGraph.OPTIMIZER, learningRate,
        config.adam().beta1(), config.adam().beta2(), config.adam().epsilon());
    Op update = adam.apply(gradients, trainables);
    List<Op> after = new ArrayList<>(forward.batchNormUpdates());
    after.add(update);
    Ops done = named.withControlDependencies(after);
    Operand<TInt64> stepAfter = done.withName(STEP_AFTER).assignAdd(step, done.constant(1L));
    tf.withControlDependencies(List.of(stepAfter)).withName(TRAIN).noOp();

    // inference forward on the host, same variables
    Placeholder<TFloat32> inferImages = placeholder(tf, INFER_IN, Shape.of(-1, -1, -1, c));
    named.withName(INFER_OUT).identity(net.forward(tf, inferImages, Mode.INFERENCE)
        .probabilities());
  }

  /** Host mixes the global batch; replicas run the forward on row blocks; host terms. */
  private List<Operand<TFloat32>> gathered(Ops tf, List<Ops> scopes, ReplicaForward forward,
      StepLosses losses, Operand<TFloat32> images, Operand<TFloat32> targets,
      Operand<TFloat32> known, Operand<TFloat32> theta, Operand<TFloat32> boxes,
      Operand<TFloat32> betaPrime, Operand<TFloat32> beta, Operand<TFloat32> protoRead,
      Operand<TInt64> dropoutSeed) {
    int r = scopes.size();
    long rows = 2L * config.batch() / r;
    StepLosses.Mixed mixed = losses.mix(tf.withSubScope("mixing"), images, targets, theta,
        boxes, betaPrime, beta);
    long[] sizes = new long[2 * r];
    Arrays.fill(sizes, rows);
    List<Operand<TFloat32>> blocks = StepLosses.splitRows(tf, mixed.inputs(), sizes);
    List<Operand<TFloat32>> shards = new ArrayList<>();
    for (int k = 0; k < r; k++) {
      Ops t = scopes.get(k);
      shards.add(t.concat(List.of(blocks.get(k), blocks.get(r + k)), t.constant(0)));
    }
    List<ReplicaForward.Heads> heads = forward.apply(shards, dropoutSeed);
    Ops lt = tf.withSubScope("losses");
    ReplicaForward.Heads all = new ReplicaForward.Heads(
        gather(lt, scopes, heads, 0), gather(lt, scopes, heads, 1),
        gather(lt, scopes, heads, 2), gather(lt, scopes, heads, 3));
    return losses.terms(lt, all, mixed.intraTargets(), known, beta, protoRead);
  }

  /** Output {@code which} of every replica back in global row order (intra, then inter). */
  private static Operand<TFloat32> gather(Ops host, List<Ops> scopes,
      List<ReplicaForward.Heads> heads, int which) {
    List<Operand<TFloat32>> intra = new ArrayList<>();
    List<Operand<TFloat32>> inter = new ArrayList<>();
    for (int k = 0; k < heads.size(); k++) {
      ReplicaForward.Heads hk = heads.get(k);
      Operand<TFloat32> x = switch (which) {
        case 0 -> hk.classLogits();
        case 1 -> hk.probabilities();
        case 2 -> hk.unionLogits();
        default -> hk.unions();
      };
      long half = x.shape().get(0) / 2;
      List<Operand<TFloat32>> parts = StepLosses.splitRows(scopes.get(k), x,
          new long[] {half, half});
      intra.add(parts.get(0));
      inter.add(parts.get(1));
    }
    List<Operand<TFloat32>> all = new ArrayList<>(intra);
    all.addAll(inter);
    return host.concat(all, host.constant(0));
  }

  /** Each replica mixes its own slices and computes the terms; host takes the means. */
  private List<Operand<TFloat32>> perReplica(Ops tf, List<Ops> scopes, ReplicaForward forward,
      StepLosses losses, Operand<TFloat32> images, Operand<TFloat32> targets,
      Operand<TFloat32> known, Operand<TFloat32> theta, Operand<TFloat32> boxes,
      Operand<TFloat32> betaPrime, Operand<TFloat32> beta, Operand<TFloat32> protoRead,
      Operand<TInt64> dropoutSeed) {
    int r = scopes.size();
    int b = config.batch();
    int s = b / r;
    List<Operand<TFloat32>> shards = new ArrayList<>();
    List<StepLosses.Mixed> mixes = new ArrayList<>();
    List<Operand<TFloat32>[]> draws = new ArrayList<>();
    for (int k = 0; k < r; k++) {
      Ops t = scopes.get(k).withSubScope("mixing");
      Operand<TFloat32> img = rows(t, images, k * s, s);
      Operand<TFloat32> tgt = rows(t, targets, k * s, s);
      @SuppressWarnings("unchecked")
      Operand<TFloat32>[] d = new Operand[] {views(t, theta, k * s, s, b),
          views(t, boxes, k * s, s, b), views(t, betaPrime, k * s, s, b),
          views(t, beta, k * s, s, b), rows(t, known, k * s, s)};
      StepLosses.Mixed mixed = losses.mix(t, img, tgt, d[0], d[1], d[2], d[3]);
      mixes.add(mixed);
      draws.add(d);
      shards.add(mixed.inputs());
    }
    List<ReplicaForward.Heads> heads = forward.apply(shards, dropoutSeed);
    List<List<Operand<TFloat32>>> perTerm = new ArrayList<>();
    for (int k = 0; k < r; k++) {
      Ops lt = scopes.get(k).withSubScope("losses");
      List<Operand<TFloat32>> tk = losses.terms(lt, heads.get(k), mixes.get(k).intraTargets(),
          draws.get(k)[4], draws.get(k)[3], protoRead);
      for (int i = 0; i < tk.size(); i++) {
        if (k == 0) {
          perTerm.add(new ArrayList<>());
        }
        perTerm.get(i).add(tk.get(i));
      }
    }
    Ops host = tf.withSubScope("losses");
    List<Operand<TFloat32>> means = new ArrayList<>();
    for (List<Operand<TFloat32>> values : perTerm) {
      means.add(host.math.mul(host.math.addN(values), host.constant(1f / r)));
    }
    return means;
  }

  /** Rows {@code [start, start + n)} of {@code x}. */
  private static Operand<TFloat32> rows(Ops t, Operand<TFloat32> x, int start, int n) {
    int rank = x.shape().numDimensions();
    int[] begin = new int[rank];
    int[] size = new int[rank];
    Arrays.fill(size, -1);
    begin[0] = start;
    size[0] = n;
    return t.slice(x, t.constant(begin), t.constant(size));
  }

  /** The draws of slices {@code [start, start + n)}: first-view rows, then second-view rows. */
  private static Operand<TFloat32> views(Ops t, Operand<TFloat32> x, int start, int n, int b) {
    return t.concat(List.of(rows(t, x, start, n), rows(t, x, b + start, n)), t.constant(0));
  }

  /** The configuration of the step. */
  public StepConfig config() {
    return config;
  }

  /** The replicas and their settings. */
  public MirroredConfig mirrored() {
    return mirrored;
  }

  /** The session's graph (placed; for inspection and tests). */
  public Graph graph() {
    return graph;
  }

  /** Graph nodes per device after placement. */
  public Map<String, Integer> placement() {
    return placement;
  }

  /** Names of the trainable variables, in the order of {@link #gradients}. */
  public List<String> trainableNames() {
    return List.copyOf(trainableNames);
  }

  /**
   * Runs one step: every term on {@code feeds}, Adam with {@code learningRate}, BatchNorm
   * statistics and the step counter.
   */
  public StepResult step(StepFeeds feeds, float learningRate) {
    checkOpen();
    feeds.check(config);
    if (!(learningRate >= 0) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be finite and >= 0, found "
          + learningRate);
    }
    List<TFloat32> inputs = feedTensors(feeds);
    try (TFloat32 tlr = TFloat32.scalarOf(learningRate)) {
      Session.Runner run = feed(session.runner(), inputs).feed("learning_rate", tlr);
      for (String n : StepLosses.NAMES) {
        run.fetch(SCOPE + "/" + TERM + n);
      }
      run.fetch(SCOPE + "/" + STEP_AFTER).addTarget(TRAIN);
      try (Result res = run.run()) {
        double[] v = new double[StepLosses.NAMES.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = ((TFloat32) res.get(i)).getFloat();
        }
        long stepNo = ((TInt64) res.get(v.length)).getLong();
        StepResult sr = new StepResult(stepNo, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
            v[8], v[9]);
        if (LOG.isDebugEnabled()) {
          LOG.debug("step={} loss={} mix={} cluster={} ac={} scribble={} category={}", stepNo,
              sr.total(), sr.mix(), sr.cluster(), sr.ac(), sr.scribble(), sr.category());
        }
        return sr;
      }
    } finally {
      inputs.forEach(Tensor::close);
    }
  }

  /**
   * The gradients of the total loss on {@code feeds} with respect to every trainable (order of
   * {@link #trainableNames}), summed over replicas, without applying them.
   */
  public List<float[]> gradients(StepFeeds feeds) {
    return gradients(feeds, null);
  }

  /**
   * As {@link #gradients(StepFeeds)}, with a full trace whose step statistics land in
   * {@code metadata} (for checking where ops ran).
   */
  public List<float[]> gradients(StepFeeds feeds, RunMetadata[] metadata) {
    checkOpen();
    feeds.check(config);
    List<TFloat32> inputs = feedTensors(feeds);
    try {
      Session.Runner run = feed(session.runner(), inputs);
      for (int i = 0; i < trainableNames.size(); i++) {
        run.fetch(SCOPE + "/" + GRADIENT + i);
      }
      try (Result res = TracedRun.run(run, metadata)) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < trainableNames.size(); i++) {
          TFloat32 g = (TFloat32) res.get(i);
          float[] a = new float[(int) g.size()];
          g.copyTo(DataBuffers.of(a, false, false));
          out.add(a);
        }
        return out;
      }
    } finally {
      inputs.forEach(Tensor::close);
    }
  }

  /**
   * Probabilities {@code [n, h, w, m + 1]} (row-major) of {@code images} {@code [n, h, w, c]}
   * from the INFERENCE forward on the host device.
   */
  public float[] infer(float[] images, int n, int h, int w) {
    checkOpen();
    if (n < 1 || h < 1 || w < 1) {
      throw new IllegalArgumentException("expected n, h, w >= 1, found " + n + ", " + h + ", "
          + w);
    }
    long expected = (long) n * h * w * config.channels();
    if (images == null || images.length != expected) {
      throw new IllegalArgumentException("expected " + expected + " values (n*h*w*c) in images,"
          + " found " + (images == null ? "null" : images.length));
    }
    try (TFloat32 x = tensor(images, n, h, w, config.channels());
        Result r = session.runner().feed(INFER_IN, x).fetch(SCOPE + "/" + INFER_OUT).run()) {
      TFloat32 p = (TFloat32) r.get(0);
      float[] out = new float[(int) p.size()];
      p.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  /** The step counter: steps applied so far. */
  public long globalStep() {
    checkOpen();
    try (Result r = session.runner().fetch(SCOPE + "/" + STEP_VALUE).run()) {
      return ((TInt64) r.get(0)).getLong();
    }
  }

  /** Saves every variable to the checkpoint {@code prefix}, as {@code MedclStepGraph} does. */
  public void save(String prefix) {
    checkOpen();
    session.save(prefix);
    LOG.info("checkpoint saved prefix={} step={}", prefix, globalStep());
  }

  /** Restores every variable from a checkpoint of this class or of {@code MedclStepGraph}. */
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
      throw new IllegalStateException("this MirroredStepGraph is closed");
    }
  }

  private List<TFloat32> feedTensors(StepFeeds f) {
    int b = config.batch();
    int h = config.height();
    int w = config.width();
    List<TFloat32> t = new ArrayList<>();
    try {
      t.add(tensor(f.images(), b, h, w, config.channels()));
      t.add(tensor(f.targets(), b, h, w, config.numClasses() + 1));
      t.add(tensor(f.known(), b));
      t.add(tensor(f.theta(), 2L * b));
      t.add(tensor(f.boxes(), 2L * b, 4));
      t.add(tensor(f.betaPrime(), 2L * b));
      t.add(tensor(f.beta(), 2L * b));
      return t;
    } catch (RuntimeException e) {
      t.forEach(Tensor::close);
      throw e;
    }
  }

  private static Session.Runner feed(Session.Runner r, List<TFloat32> t) {
    return r.feed("images", t.get(0)).feed("targets", t.get(1)).feed("known", t.get(2))
        .feed("theta", t.get(3)).feed("boxes", t.get(4)).feed("beta_prime", t.get(5))
        .feed("beta", t.get(6));
  }

  private static Placeholder<TFloat32> placeholder(Ops tf, String name, Shape shape) {
    return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(shape));
  }

  private static TFloat32 tensor(float[] values, long... shape) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
  }
}
