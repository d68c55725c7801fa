package org.medcl.savedmodels;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.medcl.graphs.ThreadSettings;
import org.medcl.models.Mode;
import org.medcl.models.Padding;
import org.medcl.models.UNet;
import org.medcl.models.UNetConfig;
import org.medcl.savedmodels.impl.NetworkSizes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * The whole inference pipeline as one forward-only graph with the signature of
 * {@link ServingSignature}: z-score with the fed statistics, bilinear resampling in plane to the
 * model's spacing ({@code ResizeBilinear} with half-pixel centres, the grid of
 * {@code org.medcl.data.preprocess.Resampler}; target side {@code max(1, floor(n * spacing /
 * modelSpacing + 0.5))}, as {@code Resampler.targetSize}), zero padding to a side the network
 * maps (VALID networks; SAME ones pad themselves), the UNet in INFERENCE mode, crop back, softmax,
 * bilinear resampling of the probabilities back to the input size, arg-max.
 *
 * <p>The network's variables have the {@code unet/...} names of the training graph, so
 * {@link #restore} takes a training checkpoint. The graph holds no optimizer, loss or gradient.
 * Owns a graph and a session: close it.
 */
public final class ServingGraph implements AutoCloseable {
  /** Op holding the network's input (normalised, resampled, padded), for checks. */
  public static final String NETWORK_INPUT = "pipeline/network_input";
  /** Op holding the network's probabilities before the crop, for checks. */
  public static final String NETWORK_OUTPUT = "pipeline/network_output";

  private static final Logger LOG = LoggerFactory.getLogger(ServingGraph.class);

  private final UNetConfig config;
  private final Double spacing;
  private final ThreadSettings threads;
  private final Graph graph;
  private final Session session;
  private final Signature signature;
  private String restoredFrom;
  private boolean closed;

  private ServingGraph(UNetConfig config, Double spacing, ThreadSettings threads) {
    this.config = config;
    this.spacing = spacing;
    this.threads = threads;
    this.graph = new Graph();
    try {
      this.signature = build(Ops.create(graph));
      this.session = new Session(graph, threads.toConfigProto());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /**
   * A pipeline graph with freshly initialised variables.
   *
   * @param config the network
   * @param spacing in-plane spacing in mm the network works at, or null for the native spacing
   * @param threads the session's thread pools
   */
  public static ServingGraph create(UNetConfig config, Double spacing, ThreadSettings threads) {
    if (config == null || threads == null) {
      throw new IllegalArgumentException("config and threads must not be null");
    }
    if (spacing != null && !(spacing > 0)) {
      throw new IllegalArgumentException("model spacing must be positive or null, found "
          + spacing);
    }
    return new ServingGraph(config, spacing, threads);
  }

  private Signature build(Ops tf) {
    int c = config.inputChannels();
    UNet net = UNet.create(tf, config);
    Placeholder<TFloat32> images = tf.withName(ServingSignature.IMAGES).placeholder(
        TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, c)));
    Shape stats = ServingSignature.statisticsShape(c);
    Placeholder<TFloat32> mean = tf.withName(ServingSignature.MEAN).placeholder(TFloat32.class,
        Placeholder.shape(stats));
    Placeholder<TFloat32> std = tf.withName(ServingSignature.STD).placeholder(TFloat32.class,
        Placeholder.shape(stats));
    Placeholder<TFloat32> pixel = tf.withName(ServingSignature.SPACING).placeholder(
        TFloat32.class, Placeholder.shape(Shape.of(2)));
    Ops p = tf.withSubScope("pipeline");

    // z-score; a flat channel (std 0) is only centred
    Operand<TInt32> statsShape = p.constant(new int[] {-1, 1, 1, c});
    Operand<TFloat32> m = p.reshape(mean, statsShape);
    Operand<TFloat32> s = p.reshape(std, statsShape);
    Operand<TFloat32> inv = p.select(p.math.greater(s, p.constant(0f)),
        p.math.reciprocal(p.math.maximum(s, p.constant(Float.MIN_NORMAL))), p.onesLike(s));
    Operand<TFloat32> x = p.math.mul(p.math.sub(images, m), inv);

    // resample to the model's spacing
    Operand<TInt32> inputSize = spatial(p, images);
    if (spacing != null) {
      Operand<TFloat64> mm = p.math.div(p.math.mul(p.dtypes.cast(inputSize, TFloat64.class),
          p.dtypes.cast(pixel, TFloat64.class)), p.constant(spacing.doubleValue()));
      Operand<TInt32> target = p.math.maximum(p.dtypes.cast(
          p.math.floor(p.math.add(mm, p.constant(0.5))), TInt32.class), p.constant(1));
      x = p.image.resizeBilinear(x, target, ResizeBilinear.halfPixelCenters(true));
    }

    // pad to a side the network maps (VALID), network, crop back
    Operand<TInt32> size = spatial(p, x);
    Operand<TInt32> before = null;
    if (config.padding() == Padding.VALID) {
      NetworkSizes sizes = NetworkSizes.of(config);
      Operand<TInt32> first = p.constant(sizes.first());
      Operand<TInt32> period = p.constant(sizes.period());
      Operand<TInt32> steps = p.math.maximum(p.math.floorDiv(p.math.add(p.math.sub(size, first),
          p.math.sub(period, p.constant(1))), period), p.constant(0));
      Operand<TInt32> padded = p.math.add(first, p.math.mul(steps, period));
      Operand<TInt32> extra = p.math.sub(padded, size);
      before = p.math.floorDiv(extra, p.constant(2));
      Operand<TInt32> after = p.math.sub(extra, before);
      Operand<TInt32> zero = p.constant(new int[][] {{0, 0}});
      Operand<TInt32> paddings = p.concat(List.of(zero, p.linalg.transpose(
          p.stack(List.of(before, after)), p.constant(new int[] {1, 0})), zero), p.constant(0));
      x = p.ensureShape(p.pad(x, paddings, p.constant(0f)), Shape.of(-1, -1, -1, c));
    }
    x = p.withName("network_input").identity(x);
    Operand<TFloat32> prob = p.withName("network_output").identity(
        net.forward(tf, x, Mode.INFERENCE).probabilities());
    if (before != null) {
      Operand<TInt32> begin = p.concat(List.of(p.constant(new int[] {0}), before,
          p.constant(new int[] {0})), p.constant(0));
      Operand<TInt32> extent = p.concat(List.of(p.constant(new int[] {-1}), size,
          p.constant(new int[] {-1})), p.constant(0));
      prob = p.slice(prob, begin, extent);
    }

    // back to the input size, arg-max
    if (spacing != null) {
      prob = p.image.resizeBilinear(prob, inputSize, ResizeBilinear.halfPixelCenters(true));
    }
    Operand<TFloat32> probabilities = tf.withName(ServingSignature.PROBABILITIES)
        .ensureShape(prob, Shape.of(-1, -1, -1, config.numClasses() + 1));
    Operand<TInt32> labels = tf.withName(ServingSignature.LABELS)
        .math.argMax(probabilities, tf.constant(3), TInt32.class);
    return Signature.builder().key(ServingSignature.KEY).methodName(ServingSignature.METHOD)
        .input(ServingSignature.IMAGES, images).input(ServingSignature.MEAN, mean)
        .input(ServingSignature.STD, std).input(ServingSignature.SPACING, pixel)
        .output(ServingSignature.PROBABILITIES, probabilities)
        .output(ServingSignature.LABELS, labels).build();
  }

  private static Operand<TInt32> spatial(Ops t, Operand<TFloat32> x) {
    return t.slice(t.shape(x), t.constant(new int[] {1}), t.constant(new int[] {2}));
  }

  /** The network configuration. */
  public UNetConfig config() {
    return config;
  }

  /** In-plane spacing in mm the network works at, or null for native. */
  public Double spacing() {
    return spacing;
  }

  /** The session's thread pools. */
  public ThreadSettings threads() {
    return threads;
  }

  /** The serving signature. */
  public Signature signature() {
    return signature;
  }

  /** The checkpoint prefix restored, or null for fresh variables. */
  public String restoredFrom() {
    return restoredFrom;
  }

  /** The session (thread-safe for runs). */
  public Session session() {
    checkOpen();
    return session;
  }

  /** The graph. */
  public Graph graph() {
    checkOpen();
    return graph;
  }

  /** Restores the network's variables from a training checkpoint prefix. */
  public void restore(String prefix) {
    checkOpen();
    session.restore(prefix);
    restoredFrom = prefix;
    LOG.info("serving graph restored prefix={}", prefix);
  }

  /**
   * Writes this graph and its variables as a SavedModel (tag {@value ServingSignature#TAG},
   * the serving signature) into {@code folder}, which must not exist yet. Unverified: use
   * {@link SavedModelExporter} for a checked, versioned export.
   */
  public void exportTo(Path folder) throws IOException {
    checkOpen();
    session.initialize();
    SavedModelBundle.exporter(folder.toString()).withTags(ServingSignature.TAG)
        .withSession(session).withSignature(signature).export();
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
      throw new IllegalStateException("this ServingGraph is closed");
    }
  }
}
