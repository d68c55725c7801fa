package org.medcl.models;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.medcl.models.impl.ConvBnAct;
import org.medcl.models.impl.ConvLayer;
import org.medcl.models.impl.RecomputingBackward;
import org.medcl.models.impl.VariableFactory;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A 2D UNet whose variables are created once by {@link #create} and applied any number of
 * times by {@link #forward}. Input {@code [N, h, w, inputChannels]} float32; outputs of
 * {@link UNetOutput} have the same {@code h, w}.
 *
 * <p>Variables live under {@code unet/}: {@code unet/enc<l>/conv<k>/{kernel,bias}},
 * {@code unet/enc<l>/conv<k>/bn/{gamma,beta,moving_mean,moving_variance}}, the decoder's
 * {@code unet/dec<j>/up/...} and {@code unet/dec<j>/conv<k>/...} (j = 0 deepest), and the head
 * {@code unet/head/class/{kernel,bias}} and {@code unet/head/union/{kernel,bias}}. A graph
 * built with the same configuration has the same names, so it restores a training checkpoint.
 *
 * <p>Example: {@code UNet.create(tf, UNetConfig.small()).forward(tf, x, Mode.INFERENCE)} on
 * {@code x} of shape {@code [2, 100, 90, 1]} gives probabilities {@code [2, 100, 90, 4]}.
 */
public final class UNet {

  private final UNetConfig config;
  private final List<ConvBnAct[]> encoder = new ArrayList<>();
  private final List<ConvBnAct> ups = new ArrayList<>();
  private final List<ConvBnAct[]> decoder = new ArrayList<>();
  private final ConvLayer classHead;
  private final ConvLayer unionHead;
  private final List<Variable<TFloat32>> trainables;
  private final List<Variable<TFloat32>> statistics;

  private UNet(Ops tf, UNetConfig config) {
    this.config = config;
    VariableFactory f = new VariableFactory(config.seed());
    Ops root = tf.withSubScope("unet");
    float mom = config.bnMomentum();
    float eps = config.bnEpsilon();
    float slope = config.leakySlope();
    boolean bias = config.convBias();
    int in = config.inputChannels();
    for (int l = 0; l <= config.depth(); l++) {
      int c = config.filters(l);
      String level = "enc" + l;
      Ops ls = root.withSubScope(level);
      ConvBnAct[] block = new ConvBnAct[2];
      for (int k = 0; k < 2; k++) {
        Ops s = ls.withSubScope("conv" + k);
        ConvLayer conv = ConvLayer.conv(s, f, 3, k == 0 ? in : c, c, bias);
        block[k] = new ConvBnAct(s, level + "/conv" + k, f, conv, mom, eps, slope);
      }
      encoder.add(block);
      in = c;
    }
    for (int j = 0; j < config.depth(); j++) {
      String step = "dec" + j;
      int skip = config.filters(config.depth() - 1 - j);
      int upOut = config.upFilters().get(j);
      Ops ss = root.withSubScope(step);
      Ops us = ss.withSubScope("up");
      ConvLayer upConv = config.upMode() == UpMode.TRANSPOSED
          ? ConvLayer.transposed(us, f, in, upOut, bias)
          : ConvLayer.conv(us, f, 3, in, upOut, bias);
      ups.add(new ConvBnAct(us, step + "/up", f, upConv, mom, eps, slope));
      ConvBnAct[] block = new ConvBnAct[2];
      for (int k = 0; k < 2; k++) {
        Ops s = ss.withSubScope("conv" + k);
        ConvLayer conv = ConvLayer.conv(s, f, 3, k == 0 ? skip + upOut : skip, skip, bias);
        block[k] = new ConvBnAct(s, step + "/conv" + k, f, conv, mom, eps, slope);
      }
      decoder.add(block);
      in = skip;
    }
    int m = config.numClasses();
    Ops head = root.withSubScope("head");
    this.classHead = ConvLayer.conv(head.withSubScope("class"), f, 1, in, m + 1, true);
    this.unionHead = ConvLayer.conv(head.withSubScope("union"), f, 1, in, m - 1, true);
    this.trainables = f.trainables();
    this.statistics = f.statistics();
  }

  /** Creates the variables of a UNet with {@code config} in the graph of {@code tf}. */
  public static UNet create(Ops tf, UNetConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    return new UNet(tf, config);
  }

  /** The configuration. */
  public UNetConfig config() {
    return config;
  }

  /** Trainable variables (kernels, biases, BatchNorm gamma and beta), creation order. */
  public List<Variable<TFloat32>> trainableVariables() {
    return trainables;
  }

  /** BatchNorm moving averages (not trainable). */
  public List<Variable<TFloat32>> statisticVariables() {
    return statistics;
  }

  /** Forward pass; in TRAINING mode the dropout seed is fixed to {@code (config.seed, 0)}. */
  public UNetOutput forward(Ops tf, Operand<TFloat32> images, Mode mode) {
    return forward(tf, images, mode, tf.constant(new long[] {config.seed(), 0L}));
  }

  /**
   * Forward pass of {@code images} {@code [N, h, w, inputChannels]} that keeps every activation
   * for the backward pass ({@link ActivationMemory#KEEP}).
   *
   * @param dropoutSeed int64 {@code [2]} seed of the stateless dropout masks (TRAINING mode);
   *     feed or derive a new one per step so that the masks change
   */
  public UNetOutput forward(Ops tf, Operand<TFloat32> images, Mode mode,
      Operand<TInt64> dropoutSeed) {
    return forward(tf, images, mode, dropoutSeed, ActivationMemory.KEEP);
  }

  /**
   * Forward pass of {@code images} {@code [N, h, w, inputChannels]}. The output's
   * {@link UNetOutput#backward()} builds gradients through it: TensorFlow's plain gradient for
   * {@link ActivationMemory#KEEP} or in INFERENCE mode, a backward pass that rebuilds the
   * elementwise layers from the kept convolution outputs for {@link ActivationMemory#RECOMPUTE}
   * in TRAINING mode (the segments are cut at every convolution's output but level 0's first,
   * which its rebuild computes again from the padded input).
   *
   * @param dropoutSeed int64 {@code [2]} seed of the stateless dropout masks (TRAINING mode);
   *     feed or derive a new one per step so that the masks change
   * @param memory what the TRAINING forward keeps for its backward pass
   */
  public UNetOutput forward(Ops tf, Operand<TFloat32> images, Mode mode,
      Operand<TInt64> dropoutSeed, ActivationMemory memory) {
    Shape shape = images.shape();
    if (shape.numDimensions() != 4) {
      throw new IllegalArgumentException("expected images of rank 4 [N, h, w, c], found shape "
          + shape);
    }
    if (shape.get(3) != config.inputChannels()) {
      throw new IllegalArgumentException("expected " + config.inputChannels()
          + " input channel(s), found " + shape.get(3) + " in images of shape " + shape);
    }
    if (memory == null) {
      throw new IllegalArgumentException("memory must not be null");
    }
    checkStaticSize(shape.get(1), shape.get(2));
    boolean training = mode == Mode.TRAINING;
    Ops t = tf.withSubScope(training ? "unet_train" : "unet_infer");
    List<Op> updates = new ArrayList<>();
    List<LayerInfo> layers = new ArrayList<>();
    String pad = config.padding() == Padding.SAME ? "SAME" : "VALID";
    RecomputingBackward segments = training && memory == ActivationMemory.RECOMPUTE
        ? new RecomputingBackward() : null;
    Build fwd = new Build(training, dropoutSeed, updates, layers);

    // pad the input: to a multiple of 2^depth (SAME) or by the fixed border (VALID)
    Operand<TInt32> hw = spatial(t, images);
    Operand<TInt32> before;
    Operand<TInt32> after;
    if (config.padding() == Padding.SAME) {
      Operand<TInt32> mult = t.constant(config.sizeMultiple());
      Operand<TInt32> padded = t.math.mul(t.math.floorDiv(
          t.math.add(hw, t.math.sub(mult, t.constant(1))), mult), mult);
      Operand<TInt32> extra = t.math.sub(padded, hw);
      before = t.math.floorDiv(extra, t.constant(2));
      after = t.math.sub(extra, before);
    } else {
      before = t.constant(new int[] {config.inputPad(), config.inputPad()});
      after = before;
    }
    Operand<TInt32> zero = t.constant(new int[][] {{0, 0}});
    Operand<TInt32> paddings = t.concat(List.of(zero,
        t.linalg.transpose(t.stack(List.of(before, after)), t.constant(new int[] {1, 0})),
        zero), t.constant(0));
    Operand<TFloat32> x = t.pad(images, paddings, t.constant(0f));

    // The body as a chain of pieces, each ending at a convolution's output (before its
    // BatchNorm): with RECOMPUTE each piece is a segment whose input is the previous
    // convolution's output. z is always the last convolution's output.
    // encoder: level l's first convolution reads the pooled activation of level l - 1
    List<Operand<TFloat32>> skipZ = new ArrayList<>();
    Operand<TFloat32> z = null;
    for (int l = 0; l <= config.depth(); l++) {
      ConvBnAct[] block = encoder.get(l);
      final int level = l;
      float rate = config.dropoutRates().get(l);
      Rebuild1 second = (b, in) -> {
        Operand<TFloat32> a = b.act(block[0], in);
        if (b.training && rate > 0f) {
          a = b.dropout(level, a, rate);
        }
        return b.conv(block[1], a, pad);
      };
      if (l == 0) {
        // One piece from the padded input: its first convolution reads only the input
        // channels, so a rebuild computes it again for well under 1% of the forward's
        // multiply-adds (0.15% for the reference preset), where keeping its output would cost
        // as much memory as any full-size map of level 0.
        z = piece(t, fwd, segments, x, (b, in) -> second.apply(b, b.conv(block[0], in, pad)),
            vars(block[0].convVariables(), block[0].batchNormVariables(),
                block[1].convVariables()));
      } else {
        ConvBnAct last = encoder.get(l - 1)[1];
        z = piece(t, fwd, segments, z, (b, in) -> b.conv(block[0], b.t.nn.maxPool(
            b.act(last, in), b.t.constant(new int[] {1, 2, 2, 1}),
            b.t.constant(new int[] {1, 2, 2, 1}), "VALID"), pad),
            vars(last.batchNormVariables(), block[0].convVariables()));
        z = piece(t, fwd, segments, z, second,
            vars(block[0].batchNormVariables(), block[1].convVariables()));
      }
      skipZ.add(z);
    }

    // decoder: upsample, concatenate the centre-cropped skip, two convolutions
    ConvBnAct last = encoder.get(config.depth())[1];
    for (int j = 0; j < config.depth(); j++) {
      ConvBnAct up = ups.get(j);
      ConvBnAct prev = last;
      z = piece(t, fwd, segments, z, (b, in) -> {
        Operand<TFloat32> a = b.act(prev, in);
        if (config.upMode() == UpMode.NEAREST_CONV) {
          a = b.t.image.resizeNearestNeighbor(a, b.t.math.mul(spatial(b.t, a),
              b.t.constant(2)));
        }
        return b.conv(up, a, "SAME");
      }, vars(prev.batchNormVariables(), up.convVariables()));
      ConvBnAct skipUnit = encoder.get(config.depth() - 1 - j)[1];
      Operand<TFloat32> skip = skipZ.get(config.depth() - 1 - j);
      ConvBnAct[] block = decoder.get(j);
      Rebuild2 joinConv = (b, zUp, zSkip) -> {
        Operand<TFloat32> aUp = b.act(up, zUp);
        Operand<TFloat32> aSkip = centreCrop(b.t, b.act(skipUnit, zSkip), spatial(b.t, aUp));
        return b.conv(block[0], b.t.concat(List.of(aSkip, aUp), b.t.constant(3)), pad);
      };
      Operand<TFloat32> zUp = z;
      z = joinConv.apply(fwd.in(t), zUp, skip);
      if (segments != null) {
        segments.segment(List.of(zUp, skip), List.of(z),
            (rt, in) -> List.of(joinConv.apply(fwd.rebuild(rt), in.get(0), in.get(1))),
            vars(up.batchNormVariables(), skipUnit.batchNormVariables(),
                block[0].convVariables()));
      }
      z = piece(t, fwd, segments, z, (b, in) -> b.conv(block[1], b.act(block[0], in), pad),
          vars(block[0].batchNormVariables(), block[1].convVariables()));
      last = block[1];
    }
    ConvBnAct lastUnit = last;
    x = piece(t, fwd, segments, z, (b, in) -> b.act(lastUnit, in),
        lastUnit.batchNormVariables());
    if (segments != null) {
      segments.top(x);
    }

    // head: the two 1 x 1 convolutions, then the crop back to the input size (cropping the
    // few logit channels moves less memory than cropping the last feature map)
    Operand<TFloat32> classLogits = cropBack(t, classHead.apply(t, x, "VALID"), before, hw);
    Operand<TFloat32> unionLogits = cropBack(t, unionHead.apply(t, x, "VALID"), before, hw);
    long h = shape.get(1);
    long w = shape.get(2);
    // the head runs on the body's output, before the crop
    long bodyH = x.shape().get(1);
    long bodyW = x.shape().get(2);
    layers.add(new LayerInfo("head/class", List.of(h, w, (long) classHead.outChannels()),
        classHead.parameters(), classHead.multiplyAdds(bodyH, bodyW), true));
    layers.add(new LayerInfo("head/union", List.of(h, w, (long) unionHead.outChannels()),
        unionHead.parameters(), unionHead.multiplyAdds(bodyH, bodyW), true));
    return new UNetOutput(classLogits, t.nn.softmax(classLogits), unionLogits,
        t.math.sigmoid(unionLogits), updates, layers,
        segments == null ? Backward.plain() : segments);
  }

  /** One piece of the body: {@code body} applied in the forward, recorded as a segment. */
  private static Operand<TFloat32> piece(Ops t, Build fwd, RecomputingBackward segments,
      Operand<TFloat32> input, Rebuild1 body, List<Variable<TFloat32>> variables) {
    Operand<TFloat32> out = body.apply(fwd.in(t), input);
    if (segments != null) {
      segments.segment(List.of(input), List.of(out),
          (rt, in) -> List.of(body.apply(fwd.rebuild(rt), in.get(0))), variables);
    }
    return out;
  }

  @SafeVarargs
  private static List<Variable<TFloat32>> vars(List<Variable<TFloat32>>... lists) {
    List<Variable<TFloat32>> out = new ArrayList<>();
    for (List<Variable<TFloat32>> l : lists) {
      out.addAll(l);
    }
    return out;
  }

  @FunctionalInterface
  private interface Rebuild1 {
    Operand<TFloat32> apply(Build b, Operand<TFloat32> in);
  }

  @FunctionalInterface
  private interface Rebuild2 {
    Operand<TFloat32> apply(Build b, Operand<TFloat32> a, Operand<TFloat32> c);
  }

  /**
   * Where a piece of the body is built: the forward pass (moving-average updates and layer rows
   * recorded, each unit's activation of a tensor built once and reused) or a rebuild during the
   * backward pass (nothing recorded).
   */
  private static final class Build {
    final boolean training;
    final Operand<TInt64> seed;
    final List<Op> updates;
    final List<LayerInfo> layers;
    final Map<Operand<TFloat32>, Operand<TFloat32>> activated = new IdentityHashMap<>();
    /** The forward pass's dropout masks by level, which rebuilds reuse. */
    final Map<Integer, Operand<TBool>> masks;
    final boolean forward;
    Ops t;

    Build(boolean training, Operand<TInt64> seed, List<Op> updates, List<LayerInfo> layers) {
      this(training, seed, updates, layers, new HashMap<>(), true);
    }

    private Build(boolean training, Operand<TInt64> seed, List<Op> updates,
        List<LayerInfo> layers, Map<Integer, Operand<TBool>> masks, boolean forward) {
      this.training = training;
      this.seed = seed;
      this.updates = updates;
      this.layers = layers;
      this.masks = masks;
      this.forward = forward;
    }

    Build in(Ops scope) {
      t = scope;
      return this;
    }

    /** A context for rebuilding with {@code scope}: same mode and seed, records nothing. */
    Build rebuild(Ops scope) {
      return new Build(training, seed, null, null, masks, false).in(scope);
    }

    /**
     * Dropout of level {@code level}'s activation {@code a}. The forward pass draws the mask
     * (seeded by the dropout seed and the level); a rebuild reuses that mask, which the
     * backward pass then keeps at one byte per element, instead of drawing it again.
     */
    Operand<TFloat32> dropout(int level, Operand<TFloat32> a, float rate) {
      Operand<TBool> keep;
      if (forward) {
        Operand<TFloat32> u = t.random.statelessRandomUniform(t.shape(a),
            t.math.add(seed, t.constant(new long[] {0L, level + 1L})));
        keep = t.math.greaterEqual(u, t.constant(rate));
        masks.put(level, keep);
      } else {
        keep = t.stopGradient(masks.get(level));
      }
      // A boolean mask through select: the backward pass keeps one byte per element for it,
      // where the product with a float mask kept the mask and the scaled mask, four bytes
      // each (peak RSS of a float32 reference step at batch 2: 7.5 GB against 8.2 GB).
      // Dropped positions are 0 even where a is NaN.
      return t.select(keep, t.math.mul(a, t.constant(1f / (1f - rate))), t.constant(0f));
    }

    Operand<TFloat32> conv(ConvBnAct unit, Operand<TFloat32> x, String padding) {
      return unit.convolve(t, x, padding, layers);
    }

    Operand<TFloat32> act(ConvBnAct unit, Operand<TFloat32> z) {
      Operand<TFloat32> a = activated.get(z);
      if (a == null) {
        a = unit.activate(t, z, training, updates);
        activated.put(z, a);
      }
      return a;
    }
  }

  /**
   * Output size of the network body for an input side of {@code size} before the final crop,
   * or -1 if a pooling meets an odd size or a convolution an empty map.
   */
  public static int bodyOutputSize(UNetConfig config, int size) {
    int s;
    int lose;
    if (config.padding() == Padding.SAME) {
      int m = config.sizeMultiple();
      s = (size + m - 1) / m * m;
      lose = 0;
    } else {
      s = size + 2 * config.inputPad();
      lose = 2;
    }
    int[] skip = new int[config.depth() + 1];
    for (int l = 0; l <= config.depth(); l++) {
      s -= 2 * lose;
      if (s <= 0) {
        return -1;
      }
      skip[l] = s;
      if (l < config.depth()) {
        if (s % 2 != 0) {
          return -1;
        }
        s /= 2;
      }
    }
    for (int j = 0; j < config.depth(); j++) {
      s *= 2;
      if (s > skip[config.depth() - 1 - j]) {
        return -1;
      }
      s -= 2 * lose;
    }
    return s;
  }

  private void checkStaticSize(long h, long w) {
    for (long side : new long[] {h, w}) {
      if (side < 0) {
        continue;
      }
      int out = bodyOutputSize(config, (int) side);
      if (out < side) {
        throw new IllegalArgumentException("input side " + side + " does not fit this UNet ("
            + config.padding() + " padding, input pad " + config.inputPad() + ", depth "
            + config.depth() + "): the body would give " + out + " instead of at least " + side
            + "; the reference preset expects 212 x 212");
      }
    }
  }

  private Operand<TFloat32> cropBack(Ops t, Operand<TFloat32> x, Operand<TInt32> before,
      Operand<TInt32> hw) {
    return config.padding() == Padding.SAME ? crop(t, x, before, hw) : centreCrop(t, x, hw);
  }

  private static Operand<TInt32> spatial(Ops t, Operand<TFloat32> x) {
    return t.slice(t.shape(x), t.constant(new int[] {1}), t.constant(new int[] {2}));
  }

  private static Operand<TFloat32> crop(Ops t, Operand<TFloat32> x, Operand<TInt32> offset,
      Operand<TInt32> hw) {
    Operand<TInt32> begin = t.concat(List.of(t.constant(new int[] {0}), offset,
        t.constant(new int[] {0})), t.constant(0));
    Operand<TInt32> size = t.concat(List.of(t.constant(new int[] {-1}), hw,
        t.constant(new int[] {-1})), t.constant(0));
    return t.slice(x, begin, size);
  }

  private static Operand<TFloat32> centreCrop(Ops t, Operand<TFloat32> x, Operand<TInt32> hw) {
    Operand<TInt32> offset = t.math.floorDiv(t.math.sub(spatial(t, x), hw), t.constant(2));
    return crop(t, x, offset, hw);
  }

}
