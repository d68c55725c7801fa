package org.medcl.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Topology and settings of the 2D UNet.
 *
 * <p>Level {@code l} (0..depth) of the encoder has {@code baseFilters * 2^l} filters and two
 * 3 x 3 convolutions, each followed by BatchNorm and LeakyReLU; dropout follows the first
 * convolution's activation with rate {@code dropoutRates.get(l)}. Decoder step {@code j}
 * (0 = deepest) upsamples to {@code upFilters.get(j)} channels, concatenates the skip of level
 * {@code depth - 1 - j} and applies two convolutions with that level's filter count. The head
 * is a 1 x 1 convolution to {@code numClasses + 1} class logits and {@code numClasses - 1}
 * union logits.
 *
 * @param depth number of 2 x 2 max poolings (levels = depth + 1), at least 1
 * @param baseFilters filters of level 0
 * @param padding padding of the block convolutions
 * @param inputPad zero padding added on every side of the input in VALID mode (ignored in SAME
 *     mode, where the input is padded to a multiple of {@code 2^depth})
 * @param upMode how the decoder upsamples
 * @param upFilters output channels of each decoder upsampling, deepest step first
 * @param convBias whether the 3 x 3 convolutions have a bias (redundant before BatchNorm, but
 *     the authors' network has one)
 * @param bnMomentum BatchNorm moving-average decay: {@code moving = momentum * moving + (1 -
 *     momentum) * batch} (0.9 equals PyTorch's momentum 0.1)
 * @param bnEpsilon BatchNorm variance epsilon
 * @param leakySlope LeakyReLU slope for negative inputs
 * @param dropoutRates dropout rate of each encoder level, {@code depth + 1} values in [0, 1)
 * @param inputChannels channels of the input images
 * @param numClasses foreground classes m (at least 2, so there is at least one union)
 * @param seed seed of the He initialisation and of the default dropout seed
 */
public record UNetConfig(
    int depth,
    int baseFilters,
    Padding padding,
    int inputPad,
    UpMode upMode,
    List<Integer> upFilters,
    boolean convBias,
    float bnMomentum,
    float bnEpsilon,
    float leakySlope,
    List<Float> dropoutRates,
    int inputChannels,
    int numClasses,
    long seed) {

  /** Default BatchNorm decay (PyTorch momentum 0.1). */
  public static final float DEFAULT_BN_MOMENTUM = 0.9f;
  /** Default BatchNorm epsilon (PyTorch's default). */
  public static final float DEFAULT_BN_EPSILON = 1e-5f;
  /** Default LeakyReLU slope (the authors' value). */
  public static final float DEFAULT_LEAKY_SLOPE = 0.01f;
  /** The authors' encoder dropout rates, level 0 first. */
  public static final List<Float> AUTHORS_DROPOUT = List.of(0.025f, 0.05f, 0.1f, 0.15f, 0.25f);
  /** Zero padding of the reference preset: 212 + 2 * 92 = 396. */
  public static final int REFERENCE_INPUT_PAD = 92;
  /** Default seed. */
  public static final long DEFAULT_SEED = 1234L;
  /** Names of the presets accepted by {@link #preset(String)}. */
  public static final List<String> PRESETS = List.of("small", "reference");

  /** Validates the settings and copies the lists. */
  public UNetConfig {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be at least 1, found " + depth);
    }
    if (baseFilters < 1) {
      throw new IllegalArgumentException("baseFilters must be positive, found " + baseFilters);
    }
    if (padding == null || upMode == null) {
      throw new IllegalArgumentException("padding and upMode must be set");
    }
    if (inputPad < 0) {
      throw new IllegalArgumentException("inputPad must be >= 0, found " + inputPad);
    }
    upFilters = List.copyOf(upFilters);
    if (upFilters.size() != depth) {
      throw new IllegalArgumentException("expected " + depth + " upFilters (one per decoder"
          + " step), found " + upFilters.size() + ": " + upFilters);
    }
    for (int f : upFilters) {
      if (f < 1) {
        throw new IllegalArgumentException("upFilters must be positive, found " + upFilters);
      }
    }
    dropoutRates = List.copyOf(dropoutRates);
    if (dropoutRates.size() != depth + 1) {
      throw new IllegalArgumentException("expected " + (depth + 1) + " dropoutRates (one per"
          + " encoder level), found " + dropoutRates.size() + ": " + dropoutRates);
    }
    for (float r : dropoutRates) {
      if (!(r >= 0f && r < 1f)) {
        throw new IllegalArgumentException("dropout rates must be in [0, 1), found "
            + dropoutRates);
      }
    }
    if (!(bnMomentum >= 0f && bnMomentum < 1f)) {
      throw new IllegalArgumentException("bnMomentum must be in [0, 1), found " + bnMomentum);
    }
    if (!(bnEpsilon > 0f)) {
      throw new IllegalArgumentException("bnEpsilon must be positive, found " + bnEpsilon);
    }
    if (!(leakySlope >= 0f)) {
      throw new IllegalArgumentException("leakySlope must be >= 0, found " + leakySlope);
    }
    if (inputChannels < 1) {
      throw new IllegalArgumentException("inputChannels must be positive, found "
          + inputChannels);
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses (m) must be at least 2, found "
          + numClasses);
    }
  }

  /** Filters of encoder level {@code level} (0..depth). */
  public int filters(int level) {
    return baseFilters << level;
  }

  /** Multiple the input size is padded to in SAME mode: {@code 2^depth}. */
  public int sizeMultiple() {
    return 1 << depth;
  }

  /**
   * The CPU preset: base 16 filters (16..256 over five levels), SAME padding, transposed-conv
   * up path, no conv bias, the authors' dropout rates, one input channel, MSCMR's m = 3.
   */
  public static UNetConfig small() {
    return builder().build();
  }

  /**
   * The authors' topology: 64..1024 filters, VALID convolutions with bias, the 212 x 212 input
   * padded by 92 to 396, nearest x2 + 3 x 3 conv up path with 4, 4, 128, 64 channels, output
   * 212 x 212, 25,759,128 trainable parameters before the 1 x 1 head.
   */
  public static UNetConfig reference() {
    return builder()
        .baseFilters(64)
        .padding(Padding.VALID)
        .inputPad(REFERENCE_INPUT_PAD)
        .upMode(UpMode.NEAREST_CONV)
        .upFilters(List.of(4, 4, 128, 64))
        .convBias(true)
        .build();
  }

  /** The preset named {@code name} (case-insensitive), one of {@link #PRESETS}. */
  public static UNetConfig preset(String name) {
    String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
    switch (key) {
      case "small":
        return small();
      case "reference":
        return reference();
      default:
        throw new IllegalArgumentException("unknown UNet preset '" + name + "', expected one of "
            + PRESETS);
    }
  }

  /** A builder holding the small preset's values. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.depth = depth;
    b.baseFilters = baseFilters;
    b.padding = padding;
    b.inputPad = inputPad;
    b.upMode = upMode;
    b.upFilters = upFilters;
    b.convBias = convBias;
    b.bnMomentum = bnMomentum;
    b.bnEpsilon = bnEpsilon;
    b.leakySlope = leakySlope;
    b.dropoutRates = dropoutRates;
    b.inputChannels = inputChannels;
    b.numClasses = numClasses;
    b.seed = seed;
    return b;
  }

  /** Builder of {@link UNetConfig}; starts from the small preset. */
  public static final class Builder {
    private int depth = 4;
    private int baseFilters = 16;
    private Padding padding = Padding.SAME;
    private int inputPad = 0;
    private UpMode upMode = UpMode.TRANSPOSED;
    private List<Integer> upFilters;
    private boolean convBias = false;
    private float bnMomentum = DEFAULT_BN_MOMENTUM;
    private float bnEpsilon = DEFAULT_BN_EPSILON;
    private float leakySlope = DEFAULT_LEAKY_SLOPE;
    private List<Float> dropoutRates = AUTHORS_DROPOUT;
    private int inputChannels = 1;
    private int numClasses = 3;
    private long seed = DEFAULT_SEED;

    private Builder() {}

    /** Number of poolings; resets up filters and dropout to defaults unless set later. */
    public Builder depth(int v) {
      if (v != depth) {
        upFilters = null;
        if (dropoutRates.size() != v + 1) {
          dropoutRates = defaultDropout(v);
        }
      }
      depth = v;
      return this;
    }

    /** Filters of level 0. */
    public Builder baseFilters(int v) {
      baseFilters = v;
      return this;
    }

    /** Block convolution padding. */
    public Builder padding(Padding v) {
      padding = v;
      return this;
    }

    /** VALID-mode input zero padding per side. */
    public Builder inputPad(int v) {
      inputPad = v;
      return this;
    }

    /** Decoder upsampling. */
    public Builder upMode(UpMode v) {
      upMode = v;
      return this;
    }

    /** Decoder upsampling channels, deepest first; default: the target level's filters. */
    public Builder upFilters(List<Integer> v) {
      upFilters = v;
      return this;
    }

    /** Bias on the 3 x 3 convolutions. */
    public Builder convBias(boolean v) {
      convBias = v;
      return this;
    }

    /** BatchNorm moving-average decay. */
    public Builder bnMomentum(float v) {
      bnMomentum = v;
      return this;
    }

    /** BatchNorm epsilon. */
    public Builder bnEpsilon(float v) {
      bnEpsilon = v;
      return this;
    }

    /** LeakyReLU slope. */
    public Builder leakySlope(float v) {
      leakySlope = v;
      return this;
    }

    /** Encoder dropout rates, level 0 first. */
    public Builder dropoutRates(List<Float> v) {
      dropoutRates = v;
      return this;
    }

    /** Input channels. */
    public Builder inputChannels(int v) {
      inputChannels = v;
      return this;
    }

    /** Foreground classes m. */
    public Builder numClasses(int v) {
      numClasses = v;
      return this;
    }

    /** Initialisation and default dropout seed. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Builds and validates the configuration. */
    public UNetConfig build() {
      List<Integer> up = upFilters;
      if (up == null) {
        up = new ArrayList<>();
        for (int j = 0; j < depth; j++) {
          up.add(baseFilters << (depth - 1 - j));
        }
      }
      return new UNetConfig(depth, baseFilters, padding, inputPad, upMode, up, convBias,
          bnMomentum, bnEpsilon, leakySlope, dropoutRates, inputChannels, numClasses, seed);
    }

    private static List<Float> defaultDropout(int depth) {
      List<Float> rates = new ArrayList<>();
      for (int l = 0; l <= depth; l++) {
        rates.add(l < AUTHORS_DROPOUT.size() ? AUTHORS_DROPOUT.get(l) : 0.25f);
      }
      return rates;
    }
  }
}
