package org.medcl.tools.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import org.medcl.graphs.AdamSettings;
import org.medcl.graphs.LossWeights;
import org.medcl.graphs.MedclStepGraph;
import org.medcl.graphs.StepConfig;
import org.medcl.graphs.StepFeeds;
import org.medcl.graphs.StepResult;
import org.medcl.graphs.ThreadSettings;
import org.medcl.graphs.distributed.MirroredConfig;
import org.medcl.graphs.distributed.MirroredStepGraph;
import org.medcl.losses.ClusterLoss;
import org.medcl.losses.MixLoss;
import org.medcl.losses.ScribbleLoss;
import org.medcl.losses.UnionChain;
import org.medcl.models.ActivationMemory;
import org.medcl.models.Precision;
import org.medcl.models.UNetConfig;
import org.medcl.ops.Sinkhorn;
import org.medcl.ops.mixing.MixingConfig;
import org.medcl.ops.mixing.MixingDraws;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * {@link TrainingBackend} over {@link MedclStepGraph}, or over {@link MirroredStepGraph} when
 * the run asks for several devices ({@code train.devices}). The mixing draws of step {@code s} come
 * from a generator seeded by the run's seed and {@code s}, so a resumed run repeats them.
 */
public final class GraphBackend implements TrainingBackend {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(
      GraphBackend.class);
  /** Exactly one of {@code graph} and {@code mirrored} is set. */
  private final MedclStepGraph graph;
  private final MirroredStepGraph mirrored;
  private final MixingConfig mixing;
  private final long seed;
  private final int batch;
  private final int size;
  private final PaddedInference padding;

  private GraphBackend(MedclStepGraph graph, MirroredStepGraph mirrored, MixingConfig mixing,
      long seed, int batch, int size, UNetConfig unet) {
    this.graph = graph;
    this.mirrored = mirrored;
    this.mixing = mixing;
    this.seed = seed;
    this.batch = batch;
    this.size = size;
    this.padding = PaddedInference.of(unet);
  }

  /** The UNet configuration of a run's config. */
  public static UNetConfig unetConfig(TrainConfig config, int foreground, int channels) {
    return UNetConfig.preset(config.model().preset()).toBuilder().numClasses(foreground)
        .inputChannels(channels).build();
  }

  /** The union chain of a dataset with {@code foreground} classes. */
  public static UnionChain chain(int foreground) {
    if (foreground == 3) {
      return UnionChain.mscmr();
    }
    // TODO: read the union chain from the dataset descriptor; until then other datasets get
    // the chain {2..m} within {1..m} built from the class order.
    java.util.List<java.util.Set<Integer>> unions = new java.util.ArrayList<>();
    for (int k = 2; k <= foreground; k++) {
      java.util.Set<Integer> u = new java.util.TreeSet<>();
      for (int i = foreground - k + 1; i <= foreground; i++) {
        u.add(i);
      }
      unions.add(u);
    }
    return new UnionChain(foreground, unions);
  }

  /** Builds the step graph for a run's configuration in this process. */
  public static GraphBackend create(TrainConfig config, int batch, int foreground,
      int channels, int threads) {
    return create(config, batch, foreground, channels, threads, null);
  }

  /**
   * Builds the step graph for a run's configuration.
   *
   * @param batch slices per step, labelled and unlabelled ({@link BatchSampler#batchSize})
   * @param cluster the multi-worker run this process is the chief of (one replica per task,
   *     {@code train.devices} then unused), or null for a run in this process
   */
  public static GraphBackend create(TrainConfig config, int batch, int foreground,
      int channels, int threads, ClusterTask cluster) {
    TrainConfig.Loss l = config.loss();
    int size = config.model().size();
    UnionChain chain = chain(foreground);
    StepConfig step = StepConfig.builder(batch, size, size)
        .unet(unetConfig(config, foreground, channels))
        .chain(chain)
        .weights(new LossWeights(l.mix(), l.cluster(), l.ac(), l.scribble(), l.category(),
            l.rampUpSteps()))
        .cluster(new ClusterLoss(foreground, l.prototypes(),
            new Sinkhorn(l.sinkhornEps(), l.sinkhornIterations()), l.mapTemperature(),
            l.clusterTemperature(), l.pool(), l.mapNormFloor()))
        .mix(new MixLoss(l.mixStopGradient(), l.cosineAreaFloor()))
        .anatomyAreaFloor(l.cosineAreaFloor())
        .scribble(new ScribbleLoss(chain, l.unionBce()))
        .adam(AdamSettings.defaults())
        .seed(config.train().seed())
        .precision(Precision.parse(config.train().precision()))
        .activationMemory(ActivationMemory.parse(config.train().activations()))
        .build();
    MixingConfig mixing = new MixingConfig(l.mixAlpha(), MixingConfig.DEFAULT_MIN_THETA_DEGREES,
        MixingConfig.DEFAULT_MAX_THETA_DEGREES, MixingConfig.DEFAULT_MIN_BOX_FRACTION,
        MixingConfig.DEFAULT_MAX_BOX_FRACTION);
    if (cluster != null) {
      MirroredConfig tasks = cluster.spec().mirrored();
      LOG.info("multi-worker training cluster={} [{}] replicas={} devices={} batch_norm={}"
          + " batch_terms={} target={} worker_timeout_s={}", cluster.file(),
          cluster.describeTasks(), tasks.replicas(), tasks.devices(), tasks.batchNorm(),
          tasks.batchTerms(), cluster.spec().target(0), cluster.timeoutMs() / 1000.0);
      MirroredStepGraph m;
      try {
        m = cluster.whileWorkersAnswer("building the step graph", () -> MirroredStepGraph.build(
            step, tasks, new ThreadSettings(threads, 2), cluster.spec().target(0),
            cluster.timeoutMs()));
      } catch (TensorFlowException e) {
        throw cluster.failure("building the step graph", e);
      }
      return new GraphBackend(null, m, mixing, config.train().seed(), batch, size,
          step.unet());
    }
    String devices = config.train().devices().trim();
    if (devices.equals("1")) {
      MedclStepGraph graph = MedclStepGraph.build(step, new ThreadSettings(threads, 1));
      return new GraphBackend(graph, null, mixing, config.train().seed(), batch, size,
          step.unet());
    }
    MirroredConfig replicas = MirroredConfig.parse(devices);
    LOG.info("mirrored training replicas={} devices={} batch_norm={} batch_terms={}",
        replicas.replicas(), replicas.devices(), replicas.batchNorm(), replicas.batchTerms());
    // With one inter-op thread the replicas would run one after another.
    MirroredStepGraph m = MirroredStepGraph.build(step, replicas,
        new ThreadSettings(threads, Math.max(2, replicas.replicas())));
    return new GraphBackend(null, m, mixing, config.train().seed(), batch, size, step.unet());
  }

  @Override
  public LinkedHashMap<String, Double> step(float[] images, float[] targets, float[] known,
      long step, float learningRate) {
    SplittableRandom r = new SplittableRandom(BatchSampler.mix(seed, 0x6d1c5L, step));
    MixingDraws draws = MixingDraws.draw(mixing, 2 * batch, size, size, r);
    StepFeeds feeds = StepFeeds.of(images, targets, known, draws);
    StepResult result = graph != null ? graph.step(feeds, learningRate)
        : mirrored.step(feeds, learningRate);
    return new LinkedHashMap<>(result.asMap());
  }

  /**
   * {@inheritDoc} Slices of a size a VALID network (the reference preset) does not map are
   * zero-padded to one it does and cropped back.
   */
  @Override
  public float[] infer(float[] images, int n, int height, int width) {
    return padding.apply(graph != null ? graph::infer : mirrored::infer, images, n, height,
        width);
  }

  @Override
  public void save(Path prefix) {
    if (graph != null) {
      graph.save(prefix.toString());
    } else {
      mirrored.save(prefix.toString());
    }
  }

  @Override
  public void restore(Path prefix) {
    if (graph != null) {
      graph.restore(prefix.toString());
    } else {
      mirrored.restore(prefix.toString());
    }
  }

  @Override
  public void close() {
    if (graph != null) {
      graph.close();
    } else {
      mirrored.close();
    }
  }
}
