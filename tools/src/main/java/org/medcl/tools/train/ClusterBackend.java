package org.medcl.tools.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * The chief's backend of a multi-worker run: a {@link GraphBackend} whose session runs on the
 * cluster, with failures turned into one clear error. A run that TensorFlow fails (a worker
 * died, or did not answer within the worker timeout) logs an ERROR naming the cluster's tasks
 * and throws {@link IllegalStateException}; from then on the session is abandoned:
 * {@link #close} does not close it, because closing a session asks every worker to clean up and
 * blocks on a dead one.
 * The command then exits non-zero and the process's exit frees what is left.
 */
final class ClusterBackend implements TrainingBackend {
  private final ClusterTask cluster;
  private final TrainingBackend delegate;
  private boolean failed;

  ClusterBackend(ClusterTask cluster, TrainingBackend delegate) {
    this.cluster = cluster;
    this.delegate = delegate;
  }

  /** {@code backend} itself when {@code cluster} is null (a single-process run). */
  static TrainingBackend wrap(ClusterTask cluster, TrainingBackend backend) {
    return cluster == null ? backend : new ClusterBackend(cluster, backend);
  }

  @Override
  public LinkedHashMap<String, Double> step(float[] images, float[] targets, float[] known,
      long step, float learningRate) {
    try {
      return delegate.step(images, targets, known, step, learningRate);
    } catch (TensorFlowException e) {
      throw fail("training step " + (step + 1), e);
    }
  }

  @Override
  public float[] infer(float[] images, int n, int height, int width) {
    try {
      return delegate.infer(images, n, height, width);
    } catch (TensorFlowException e) {
      throw fail("validation", e);
    }
  }

  @Override
  public void save(Path prefix) throws IOException {
    try {
      delegate.save(prefix);
    } catch (TensorFlowException e) {
      throw fail("checkpoint " + prefix, e);
    }
  }

  @Override
  public void restore(Path prefix) throws IOException {
    try {
      delegate.restore(prefix);
    } catch (TensorFlowException e) {
      throw fail("restore of " + prefix, e);
    }
  }

  private IllegalStateException fail(String what, TensorFlowException e) {
    failed = true;
    return cluster.failure(what, e);
  }

  @Override
  public void close() {
    if (!failed) {
      delegate.close();
    }
  }
}
