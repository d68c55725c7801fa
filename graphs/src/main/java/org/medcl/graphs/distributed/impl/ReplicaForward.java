package org.medcl.graphs.distributed.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medcl.graphs.distributed.BatchNormSync;
import org.medcl.models.Padding;
import org.medcl.models.UNet;
import org.medcl.models.UNetConfig;
import org.medcl.models.UpMode;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The TRAINING-mode forward of a {@link UNet} over R replicas built layer by layer in lockstep,
 * so that BatchNorm can share statistics between replicas. It computes what
 * {@code UNet.forward(tf, x, Mode.TRAINING, seed)} computes on the concatenated shards (same
 * architecture, same variables, found by their {@code unet/...} names), with BatchNorm built
 * from moments instead of FusedBatchNormV3: with {@link BatchNormSync#SYNCHRONISED} the
 * moments are the global batch's, so every replica's output equals the matching rows of the
 * single-device forward.
 *
 * <p>Shards must have static shapes {@code [n_k, h, w, c]} with the same {@code h, w}. Ops of
 * replica {@code k} are built in {@code replicaScopes.get(k)} (name prefix {@code replicaK/}
 * and its device); reductions across replicas and the moving-average assigns in {@code host}.
 * Dropout masks are drawn per replica (seed offset by the replica index), so with dropout the
 * masks differ from the single-device ones.
 */
public final class ReplicaForward {
  private final UNetConfig config;
  private final Ops host;
  private final List<Ops> replicas;
  private final BatchNormSync sync;
  private final Map<String, Variable<TFloat32>> variables = new HashMap<>();
  private final Map<String, Operand<TFloat32>> reads = new HashMap<>();
  private final List<Op> updates = new ArrayList<>();

  /** Per-replica network outputs, as in {@code UNetOutput}. */
  public record Heads(Operand<TFloat32> classLogits, Operand<TFloat32> probabilities,
      Operand<TFloat32> unionLogits, Operand<TFloat32> unions) {}

  /**
   * A forward builder over the variables of {@code net}.
   *
   * @param host scope of the cross-replica reductions and the variable reads
   * @param replicaScopes one scope per replica (name prefix and device)
   */
  public ReplicaForward(UNet net, Ops host, List<Ops> replicaScopes, BatchNormSync sync) {
    this.config = net.config();
    this.host = host;
    this.replicas = List.copyOf(replicaScopes);
    this.sync = sync;
    for (Variable<TFloat32> v : net.trainableVariables()) {
      variables.put(v.op().name(), v);
    }
    for (Variable<TFloat32> v : net.statisticVariables()) {
      variables.put(v.op().name(), v);
    }
  }

  /** The BatchNorm moving-average assigns of the forwards built so far (host device). */
  public List<Op> batchNormUpdates() {
    return List.copyOf(updates);
  }

  /** Builds the forward of every shard; {@code dropoutSeed} is int64 {@code [2]}. */
  public List<Heads> apply(List<Operand<TFloat32>> shards, Operand<TInt64> dropoutSeed) {
    if (shards.size() != replicas.size()) {
      throw new IllegalArgumentException("expected one shard per replica (" + replicas.size()
          + "), found " + shards.size());
    }
    int h = (int) shards.get(0).shape().get(1);
    int w = (int) shards.get(0).shape().get(2);
    for (Operand<TFloat32> s : shards) {
      if (s.shape().numDimensions() != 4 || s.shape().get(1) != h || s.shape().get(2) != w
          || s.shape().get(3) != config.inputChannels()) {
        throw new IllegalArgumentException("expected static shards [n, " + h + ", " + w + ", "
            + config.inputChannels() + "], found " + s.shape());
      }
    }
    String pad = config.padding() == Padding.SAME ? "SAME" : "VALID";
    int[] before = new int[2];
    int[] size = {h, w};
    int[] padded = new int[2];
    for (int a = 0; a < 2; a++) {
      if (config.padding() == Padding.SAME) {
        int mult = config.sizeMultiple();
        padded[a] = (size[a] + mult - 1) / mult * mult;
        before[a] = (padded[a] - size[a]) / 2;
      } else {
        before[a] = config.inputPad();
        padded[a] = size[a] + 2 * config.inputPad();
      }
    }
    List<Operand<TFloat32>> x = new ArrayList<>();
    for (int k = 0; k < shards.size(); k++) {
      Ops t = replicas.get(k);
      int[][] p = {{0, 0}, {before[0], padded[0] - size[0] - before[0]},
          {before[1], padded[1] - size[1] - before[1]}, {0, 0}};
      x.add(t.pad(shards.get(k), t.constant(p), t.constant(0f)));
    }

    // encoder
    List<List<Operand<TFloat32>>> skips = new ArrayList<>();
    for (int l = 0; l <= config.depth(); l++) {
      String level = "unet/enc" + l;
      x = convBnAct(x, level + "/conv0", pad, false);
      float rate = config.dropoutRates().get(l);
      if (rate > 0f) {
        x = dropout(x, rate, dropoutSeed, l + 1L);
      }
      x = convBnAct(x, level + "/conv1", pad, false);
      skips.add(x);
      if (l < config.depth()) {
        List<Operand<TFloat32>> pooled = new ArrayList<>();
        for (int k = 0; k < x.size(); k++) {
          pooled.add(replicas.get(k).nn.maxPool(x.get(k),
              replicas.get(k).constant(new int[] {1, 2, 2, 1}),
              replicas.get(k).constant(new int[] {1, 2, 2, 1}), "VALID"));
        }
        x = pooled;
      }
    }

    // decoder: upsample, concatenate the centre-cropped skip, two convolutions
    for (int j = 0; j < config.depth(); j++) {
      String step = "unet/dec" + j;
      List<Operand<TFloat32>> up = x;
      if (config.upMode() == UpMode.NEAREST_CONV) {
        List<Operand<TFloat32>> resized = new ArrayList<>();
        for (int k = 0; k < up.size(); k++) {
          Ops t = replicas.get(k);
          long[] s = up.get(k).shape().asArray();
          resized.add(t.image.resizeNearestNeighbor(up.get(k),
              t.constant(new int[] {(int) s[1] * 2, (int) s[2] * 2})));
        }
        up = resized;
      }
      up = convBnAct(up, step + "/up", "SAME", config.upMode() == UpMode.TRANSPOSED);
      List<Operand<TFloat32>> joined = new ArrayList<>();
      for (int k = 0; k < up.size(); k++) {
        Ops t = replicas.get(k);
        long[] us = up.get(k).shape().asArray();
        Operand<TFloat32> skip = centreCrop(t, skips.get(config.depth() - 1 - j).get(k),
            (int) us[1], (int) us[2]);
        joined.add(t.concat(List.of(skip, up.get(k)), t.constant(3)));
      }
      x = convBnAct(joined, step + "/conv0", pad, false);
      x = convBnAct(x, step + "/conv1", pad, false);
    }

    // head: crop back to the input size, then the two 1 x 1 convolutions
    List<Heads> out = new ArrayList<>();
    for (int k = 0; k < x.size(); k++) {
      Ops t = replicas.get(k);
      Operand<TFloat32> body = config.padding() == Padding.SAME
          ? crop(t, x.get(k), before[0], before[1], h, w) : centreCrop(t, x.get(k), h, w);
      Operand<TFloat32> classLogits = conv(t, body, "unet/head/class", "VALID", false);
      Operand<TFloat32> unionLogits = conv(t, body, "unet/head/union", "VALID", false);
      out.add(new Heads(classLogits, t.nn.softmax(classLogits), unionLogits,
          t.math.sigmoid(unionLogits)));
    }
    return out;
  }

  private List<Operand<TFloat32>> convBnAct(List<Operand<TFloat32>> x, String name,
      String padding, boolean transposed) {
    List<Operand<TFloat32>> y = new ArrayList<>();
    for (int k = 0; k < x.size(); k++) {
      y.add(conv(replicas.get(k), x.get(k), name, padding, transposed));
    }
    y = batchNorm(y, name + "/bn");
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int k = 0; k < y.size(); k++) {
      out.add(replicas.get(k).nn.leakyRelu(y.get(k), LeakyRelu.alpha(config.leakySlope())));
    }
    return out;
  }

  private Operand<TFloat32> conv(Ops t, Operand<TFloat32> x, String name, String padding,
      boolean transposed) {
    Operand<TFloat32> kernel = read(name + "/kernel");
    Operand<TFloat32> y;
    if (transposed) {
      long[] s = x.shape().asArray();
      long out = kernel.shape().get(2);
      y = t.nn.conv2dBackpropInput(t.constant(new int[] {(int) s[0], (int) s[1] * 2,
          (int) s[2] * 2, (int) out}), kernel, x, List.of(1L, 2L, 2L, 1L), "VALID");
    } else {
      y = t.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), padding);
    }
    return variables.containsKey(name + "/bias") ? t.nn.biasAdd(y, read(name + "/bias")) : y;
  }

  /** Two-pass moments: per-channel mean, then mean of centred squares; global or per shard. */
  private List<Operand<TFloat32>> batchNorm(List<Operand<TFloat32>> y, String name) {
    int r = y.size();
    List<Operand<TFloat32>> sums = new ArrayList<>();
    List<Operand<TFloat32>> counts = new ArrayList<>();
    for (int k = 0; k < r; k++) {
      Ops t = replicas.get(k);
      long[] s = y.get(k).shape().asArray();
      sums.add(t.sum(y.get(k), t.constant(new int[] {0, 1, 2})));
      counts.add(t.constant((float) (s[0] * s[1] * s[2])));
    }
    List<Operand<TFloat32>> means = new ArrayList<>();
    Operand<TFloat32> total = null;
    if (sync == BatchNormSync.SYNCHRONISED) {
      total = host.math.addN(counts);
      Operand<TFloat32> mean = host.math.div(host.math.addN(sums), total);
      for (int k = 0; k < r; k++) {
        means.add(mean);
      }
    } else {
      for (int k = 0; k < r; k++) {
        means.add(replicas.get(k).math.div(sums.get(k), counts.get(k)));
      }
    }
    List<Operand<TFloat32>> centred = new ArrayList<>();
    List<Operand<TFloat32>> squares = new ArrayList<>();
    for (int k = 0; k < r; k++) {
      Ops t = replicas.get(k);
      Operand<TFloat32> c = t.math.sub(y.get(k), means.get(k));
      centred.add(c);
      squares.add(t.sum(t.math.square(c), t.constant(new int[] {0, 1, 2})));
    }
    List<Operand<TFloat32>> variances = new ArrayList<>();
    if (sync == BatchNormSync.SYNCHRONISED) {
      Operand<TFloat32> var = host.math.div(host.math.addN(squares), total);
      for (int k = 0; k < r; k++) {
        variances.add(var);
      }
      movingAverages(name, means.get(0), unbiased(host, var, total));
    } else {
      List<Operand<TFloat32>> unbiasedVars = new ArrayList<>();
      for (int k = 0; k < r; k++) {
        Ops t = replicas.get(k);
        Operand<TFloat32> var = t.math.div(squares.get(k), counts.get(k));
        variances.add(var);
        unbiasedVars.add(unbiased(t, var, counts.get(k)));
      }
      Operand<TFloat32> inv = host.constant(1f / r);
      movingAverages(name, host.math.mul(host.math.addN(means), inv),
          host.math.mul(host.math.addN(unbiasedVars), inv));
    }
    Operand<TFloat32> gamma = read(name + "/gamma");
    Operand<TFloat32> beta = read(name + "/beta");
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int k = 0; k < r; k++) {
      Ops t = replicas.get(k);
      Operand<TFloat32> scale = t.math.mul(gamma, t.math.rsqrt(t.math.add(variances.get(k),
          t.constant(config.bnEpsilon()))));
      out.add(t.math.add(t.math.mul(centred.get(k), scale), beta));
    }
    return out;
  }

  /** The (n - 1) estimate kept in the moving variance, as the network's own BatchNorm does. */
  private static Operand<TFloat32> unbiased(Ops t, Operand<TFloat32> var,
      Operand<TFloat32> n) {
    return t.math.mul(var, t.math.div(n, t.math.maximum(t.math.sub(n, t.constant(1f)),
        t.constant(1f))));
  }

  private void movingAverages(String name, Operand<TFloat32> mean, Operand<TFloat32> var) {
    float mom = config.bnMomentum();
    for (String[] pair : new String[][] {{"/moving_mean", "m"}, {"/moving_variance", "v"}}) {
      Variable<TFloat32> v = variable(name + pair[0]);
      Operand<TFloat32> batch = pair[1].equals("m") ? mean : var;
      Operand<TFloat32> kept = host.math.mul(read(name + pair[0]), host.constant(mom));
      updates.add(host.assign(v, host.math.add(kept, host.math.mul(host.stopGradient(batch),
          host.constant(1f - mom)))));
    }
  }

  private List<Operand<TFloat32>> dropout(List<Operand<TFloat32>> x, float rate,
      Operand<TInt64> seed, long level) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int k = 0; k < x.size(); k++) {
      Ops t = replicas.get(k);
      Operand<TInt64> s = t.math.add(seed, t.constant(new long[] {1000L * k, level}));
      Operand<TFloat32> u = t.random.statelessRandomUniform(t.shape(x.get(k)), s);
      // a boolean mask, as UNet's dropout: one byte per element kept for the backward pass
      Operand<TBool> keep = t.math.greaterEqual(u, t.constant(rate));
      out.add(t.select(keep, t.math.mul(x.get(k), t.constant(1f / (1f - rate))),
          t.constant(0f)));
    }
    return out;
  }

  private Variable<TFloat32> variable(String name) {
    Variable<TFloat32> v = variables.get(name);
    if (v == null) {
      throw new IllegalStateException("the network has no variable " + name);
    }
    return v;
  }

  private Operand<TFloat32> read(String name) {
    return reads.computeIfAbsent(name, n -> host.identity(variable(n)));
  }

  private static Operand<TFloat32> crop(Ops t, Operand<TFloat32> x, int y0, int x0, int h,
      int w) {
    return t.slice(x, t.constant(new int[] {0, y0, x0, 0}),
        t.constant(new int[] {-1, h, w, -1}));
  }

  private static Operand<TFloat32> centreCrop(Ops t, Operand<TFloat32> x, int h, int w) {
    long[] s = x.shape().asArray();
    return crop(t, x, (int) (s[1] - h) / 2, (int) (s[2] - w) / 2, h, w);
  }
}
