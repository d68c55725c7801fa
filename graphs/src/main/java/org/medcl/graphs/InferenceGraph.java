package org.medcl.graphs;

import org.medcl.models.Mode;
import org.medcl.models.UNet;
import org.medcl.models.UNetConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A forward-only graph (INFERENCE mode, no optimizer, no losses) with the network's variables
 * under the same {@code unet/...} names as {@link MedclStepGraph}, so it restores the network
 * part of a training checkpoint. Input: a placeholder {@code images [n, h, w, c]} of any batch
 * and size (the reference preset only maps 212 x 212 back to its own size); output:
 * probabilities {@code [n, h, w, m + 1]}.
 */
public final class InferenceGraph implements AutoCloseable {
  /** Name of the input placeholder. */
  public static final String INPUT = "images";

  private static final Logger LOG = LoggerFactory.getLogger(InferenceGraph.class);

  private final UNetConfig config;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final Operand<TFloat32> probabilities;
  private final Operand<TFloat32> unions;
  private boolean closed;

  private InferenceGraph(UNetConfig config, ThreadSettings threads) {
    this.config = config;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      UNet net = UNet.create(tf, config);
      input = tf.withName(INPUT).placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, -1, -1, config.inputChannels())));
      var out = net.forward(tf, input, Mode.INFERENCE);
      probabilities = tf.withName("probabilities").identity(out.probabilities());
      unions = tf.withName("unions").identity(out.unions());
      session = new Session(graph, threads.toConfigProto());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** A forward-only graph for {@code config} with freshly initialised variables. */
  public static InferenceGraph create(UNetConfig config) {
    return create(config, ThreadSettings.automatic());
  }

  /** A forward-only graph for {@code config} with the given thread pools. */
  public static InferenceGraph create(UNetConfig config, ThreadSettings threads) {
    if (config == null || threads == null) {
      throw new IllegalArgumentException("config and threads must not be null");
    }
    return new InferenceGraph(config, threads);
  }

  /** The network configuration. */
  public UNetConfig config() {
    return config;
  }

  /** The graph (e.g. for a SavedModel export). */
  public Graph graph() {
    return graph;
  }

  /** The session. */
  public Session session() {
    checkOpen();
    return session;
  }

  /** The input placeholder {@code [n, h, w, c]}. */
  public Placeholder<TFloat32> input() {
    return input;
  }

  /** The probabilities {@code [n, h, w, m + 1]}. */
  public Operand<TFloat32> probabilities() {
    return probabilities;
  }

  /** The union maps {@code [n, h, w, m - 1]}. */
  public Operand<TFloat32> unions() {
    return unions;
  }

  /** Restores the network variables from a checkpoint written by {@link MedclStepGraph}. */
  public void restore(String prefix) {
    checkOpen();
    session.restore(prefix);
    LOG.info("inference graph restored prefix={}", prefix);
  }

  /** Probabilities {@code [n, h, w, m + 1]} (row-major) of {@code images [n, h, w, c]}. */
  public float[] infer(float[] images, int n, int h, int w) {
    checkOpen();
    return Inference.run(session, input, probabilities, images, n, h, w,
        config.inputChannels(), config.numClasses());
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
      throw new IllegalStateException("this InferenceGraph is closed");
    }
  }
}
