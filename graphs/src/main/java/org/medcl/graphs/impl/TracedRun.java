package org.medcl.graphs.impl;

import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;

/** Runs a session runner, with a full trace into {@code metadata[0]} when one is asked for. */
public final class TracedRun {
  private TracedRun() {}

  /**
   * Runs {@code runner}; when {@code metadata} is not null, with {@code FULL_TRACE} and the run
   * metadata (step statistics) stored in {@code metadata[0]}. The caller closes the result.
   */
  public static Result run(Session.Runner runner, RunMetadata[] metadata) {
    if (metadata == null) {
      return runner.run();
    }
    runner.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)
        .build());
    Result res = runner.runAndFetchMetadata();
    metadata[0] = res.getMetadata().orElseThrow(() -> {
      res.close();
      return new IllegalStateException("TensorFlow returned no run metadata for a FULL_TRACE"
          + " run");
    });
    return res;
  }
}
