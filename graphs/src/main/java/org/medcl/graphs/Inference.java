package org.medcl.graphs;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Runs an INFERENCE forward on flat arrays; shared by the step and inference graphs. */
final class Inference {
  private Inference() {}

  static float[] run(Session session, Placeholder<TFloat32> input,
      Operand<TFloat32> probabilities, float[] images, int n, int h, int w, int c, int m) {
    if (n < 1 || h < 1 || w < 1) {
      throw new IllegalArgumentException("expected n, h, w >= 1, found " + n + ", " + h + ", "
          + w);
    }
    long expected = (long) n * h * w * c;
    if (images == null || images.length != expected) {
      throw new IllegalArgumentException("expected " + expected + " values (n*h*w*c) in images,"
          + " found " + (images == null ? "null" : images.length));
    }
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, h, w, c),
            DataBuffers.of(images, true, false));
        Result r = session.runner().feed(input, x).fetch(probabilities).run()) {
      TFloat32 p = (TFloat32) r.get(0);
      float[] out = new float[(int) ((long) n * h * w * (m + 1))];
      if (p.size() != out.length) {
        throw new IllegalStateException("network output has shape " + p.shape()
            + ", expected [" + n + ", " + h + ", " + w + ", " + (m + 1) + "]");
      }
      p.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }
}
