package org.medcl.models;

import java.util.ArrayList;
import java.util.List;
import org.medcl.models.impl.ConvBnAct;
import org.medcl.models.impl.ConvLayer;
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
   * Forward pass of {@code images} {@code [N, h, w, inputChannels]}.
   *
   * @param dropoutSeed int64 {@code [2]} seed of the stateless dropout masks (TRAINING mode);
   *     feed or derive a new one per step so that the masks change
   */
  public UNetOutput forward(Ops tf, Operand<TFloat32> images, Mode mode,
      Operand<TInt64> dropoutSeed) {
    Shape shape = images.shape();
    if (shape.numDimensions() != 4) {
      throw new IllegalArgumentException("expected images of rank 4 [N, h, w, c], found shape "
          + shape);
    }
    if (shape.get(3) != config.inputChannels()) {
      throw new IllegalArgumentException("expected " + config.inputChannels()
          + " input channel(s), found " + shape.get(3) + " in images of shape " + shape);
    }
    checkStaticSize(shape.get(1), shape.get(2));
    boolean training = mode == Mode.TRAINING;
    Ops t = tf.withSubScope(training ? "unet_train" : "unet_infer");
    List<Op> updates = new ArrayList<>();
    List<LayerInfo> layers = new ArrayList<>();
    String pad = config.padding() == Padding.SAME ? "SAME" : "VALID";

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

    // encoder
    List<Operand<TFloat32>> skips = new ArrayList<>();
    for (int l = 0; l <= config.depth(); l++) {
      ConvBnAct[] block = encoder.get(l);
      x = block[0].apply(t, x, pad, training, updates, layers);
      float rate = config.dropoutRates().get(l);
      if (training && rate > 0f) {
        x = dropout(t, x, rate, t.math.add(dropoutSeed, t.constant(new long[] {0L, l + 1L})));
      }
      x = block[1].apply(t, x, pad, training, updates, layers);
      skips.add(x);
      if (l < config.depth()) {
        x = t.nn.maxPool(x, t.constant(new int[] {1, 2, 2, 1}),
            t.constant(new int[] {1, 2, 2, 1}), "VALID");
      }
    }

    // decoder: upsample, concatenate the centre-cropped skip, two convolutions
    for (int j = 0; j < config.depth(); j++) {
      Operand<TFloat32> up = x;
      if (config.upMode() == UpMode.NEAREST_CONV) {
        up = t.image.resizeNearestNeighbor(up, t.math.mul(spatial(t, up), t.constant(2)));
      }
      up = ups.get(j).apply(t, up, "SAME", training, updates, layers);
      Operand<TFloat32> skip = centreCrop(t, skips.get(config.depth() - 1 - j), spatial(t, up));
      x = t.concat(List.of(skip, up), t.constant(3));
      ConvBnAct[] block = decoder.get(j);
      x = block[0].apply(t, x, pad, training, updates, layers);
      x = block[1].apply(t, x, pad, training, updates, layers);
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
        t.math.sigmoid(unionLogits), updates, layers);
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

  private static Operand<TFloat32> dropout(Ops t, Operand<TFloat32> x, float rate,
      Operand<TInt64> seed) {
    Operand<TFloat32> u = t.random.statelessRandomUniform(t.shape(x), seed);
    // A boolean mask through select: the backward pass keeps one byte per element for it,
    // where the product with a float mask kept the mask and the scaled mask, four bytes each
    // (peak RSS of a float32 reference step at batch 2: 7.5 GB against 8.2 GB). Dropped
    // positions are 0 even where x is NaN.
    Operand<TBool> keep = t.math.greaterEqual(u, t.constant(rate));
    return t.select(keep, t.math.mul(x, t.constant(1f / (1f - rate))), t.constant(0f));
  }
}
