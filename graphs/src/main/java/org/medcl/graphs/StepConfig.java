package org.medcl.graphs;

import org.medcl.losses.AnatomyLoss;
import org.medcl.losses.ClusterLoss;
import org.medcl.losses.MixLoss;
import org.medcl.losses.ScribbleLoss;
import org.medcl.losses.UnionChain;
import org.medcl.models.ActivationMemory;
import org.medcl.models.Precision;
import org.medcl.models.UNetConfig;

/**
 * Everything that fixes the graph of one MedCL training step.
 *
 * @param batch B, the slices per step (the network sees 4B images: 2B intra-mixed views and
 *     2B inter-mixed images)
 * @param height slice height
 * @param width slice width
 * @param unet the network
 * @param chain the union chain; its m must equal the network's
 * @param weights the weights of the five terms
 * @param cluster L_map / L_cluster settings (prototypes d, Sinkhorn, temperatures, pooling)
 * @param mix L_mix settings (stop-gradient on the mixed target, area floor)
 * @param anatomy L_ac settings (its chain must be {@code chain}; area floor)
 * @param scribble L_scribble settings (union BCE on or off)
 * @param adam Adam's constants
 * @param seed seed of the prototype initialisation and of the per-step dropout seeds
 * @param precision the step's arithmetic (float32, or mixed bfloat16 where the CPU has it)
 * @param activationMemory what the training forward keeps for the backward pass (keep every
 *     activation, or recompute the elementwise layers from the convolution outputs)
 */
public record StepConfig(
    int batch,
    int height,
    int width,
    UNetConfig unet,
    UnionChain chain,
    LossWeights weights,
    ClusterLoss cluster,
    MixLoss mix,
    AnatomyLoss anatomy,
    ScribbleLoss scribble,
    AdamSettings adam,
    long seed,
    Precision precision,
    ActivationMemory activationMemory) {

  /** Default seed. */
  public static final long DEFAULT_SEED = 20_250_601L;

  /** Validates that the parts agree. */
  public StepConfig {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, found " + batch);
    }
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("slice size must be positive, found " + height + " x "
          + width);
    }
    if (unet == null || chain == null || weights == null || cluster == null || mix == null
        || anatomy == null || scribble == null || adam == null || precision == null
        || activationMemory == null) {
      throw new IllegalArgumentException("every part of a StepConfig must be set");
    }
    if (chain.numClasses() != unet.numClasses()) {
      throw new IllegalArgumentException("union chain has m = " + chain.numClasses()
          + " classes but the network has m = " + unet.numClasses());
    }
    if (cluster.numClasses() != unet.numClasses()) {
      throw new IllegalArgumentException("cluster loss has m = " + cluster.numClasses()
          + " classes but the network has m = " + unet.numClasses());
    }
    if (scribble.chain().numClasses() != chain.numClasses()) {
      throw new IllegalArgumentException("scribble loss chain has m = "
          + scribble.chain().numClasses() + " but the step chain has m = "
          + chain.numClasses());
    }
    if (!anatomy.chain().equals(chain)) {
      throw new IllegalArgumentException("anatomy loss chain " + anatomy.chain()
          + " differs from the step chain " + chain);
    }
  }

  /** Foreground classes m. */
  public int numClasses() {
    return unet.numClasses();
  }

  /** Image channels. */
  public int channels() {
    return unet.inputChannels();
  }

  /** Maps of the unsupervised terms, {@code K = 2m - 1}. */
  public int numMaps() {
    return 2 * numClasses() - 1;
  }

  /** Prototypes d. */
  public int prototypes() {
    return cluster.prototypes();
  }

  /** A builder with MSCMR defaults (m = 3, small preset, every weight 1) for B x h x w. */
  public static Builder builder(int batch, int height, int width) {
    return new Builder(batch, height, width);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(batch, height, width).unet(unet).chain(chain).weights(weights)
        .cluster(cluster).mix(mix).anatomyAreaFloor(anatomy.areaFloor()).scribble(scribble)
        .adam(adam).seed(seed).precision(precision).activationMemory(activationMemory);
  }

  /** Builder of {@link StepConfig}. */
  public static final class Builder {
    private final int batch;
    private final int height;
    private final int width;
    private UNetConfig unet = UNetConfig.small();
    private UnionChain chain = UnionChain.mscmr();
    private LossWeights weights = LossWeights.defaults();
    private ClusterLoss cluster;
    private MixLoss mix = MixLoss.defaults();
    private double anatomyAreaFloor;
    private ScribbleLoss scribble;
    private AdamSettings adam = AdamSettings.defaults();
    private long seed = DEFAULT_SEED;
    private Precision precision = Precision.FLOAT32;
    private ActivationMemory activationMemory = ActivationMemory.KEEP;

    private Builder(int batch, int height, int width) {
      this.batch = batch;
      this.height = height;
      this.width = width;
    }

    /** The network. */
    public Builder unet(UNetConfig v) {
      unet = v;
      return this;
    }

    /** The union chain (the scribble loss follows it unless set explicitly). */
    public Builder chain(UnionChain v) {
      chain = v;
      return this;
    }

    /** Term weights. */
    public Builder weights(LossWeights v) {
      weights = v;
      return this;
    }

    /** Cluster loss settings; default {@code ClusterLoss.defaults(m)}. */
    public Builder cluster(ClusterLoss v) {
      cluster = v;
      return this;
    }

    /** Mix loss settings. */
    public Builder mix(MixLoss v) {
      mix = v;
      return this;
    }

    /** Area floor of L_ac's local cosines (its chain is the step's); default 0. */
    public Builder anatomyAreaFloor(double v) {
      anatomyAreaFloor = v;
      return this;
    }

    /** Scribble loss settings; default {@code ScribbleLoss.defaults(chain)}. */
    public Builder scribble(ScribbleLoss v) {
      scribble = v;
      return this;
    }

    /** Adam constants. */
    public Builder adam(AdamSettings v) {
      adam = v;
      return this;
    }

    /** Seed. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** The step's arithmetic; default float32. */
    public Builder precision(Precision v) {
      precision = v;
      return this;
    }

    /** What the training forward keeps for the backward pass; default keep. */
    public Builder activationMemory(ActivationMemory v) {
      activationMemory = v;
      return this;
    }

    /** Builds and validates. */
    public StepConfig build() {
      ClusterLoss c = cluster != null ? cluster : ClusterLoss.defaults(unet.numClasses());
      ScribbleLoss s = scribble != null ? scribble : ScribbleLoss.defaults(chain);
      AnatomyLoss a = new AnatomyLoss(chain, anatomyAreaFloor);
      return new StepConfig(batch, height, width, unet, chain, weights, c, mix, a, s, adam,
          seed, precision, activationMemory);
    }
  }
}
