package org.medcl.graphs;

import org.tensorflow.proto.ConfigProto;

/**
 * TensorFlow thread pools of a session. 0 lets TensorFlow choose (one intra-op thread per
 * core). With both counts 0 the session uses TensorFlow's process-wide pools (whose sizes the
 * first session of the process fixes); with any count set it gets pools of its own.
 *
 * @param intraOp threads inside one op (matrix products, convolutions)
 * @param interOp ops run concurrently
 */
public record ThreadSettings(int intraOp, int interOp) {

  /** Validates the counts. */
  public ThreadSettings {
    if (intraOp < 0 || interOp < 0) {
      throw new IllegalArgumentException("thread counts must be >= 0, found intraOp=" + intraOp
          + " interOp=" + interOp);
    }
  }

  /** TensorFlow's own choice for both pools. */
  public static ThreadSettings automatic() {
    return new ThreadSettings(0, 0);
  }

  /** The session configuration carrying these counts. */
  public ConfigProto toConfigProto() {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOp)
        .setInterOpParallelismThreads(interOp)
        .setUsePerSessionThreads(intraOp > 0 || interOp > 0)
        .build();
  }
}
