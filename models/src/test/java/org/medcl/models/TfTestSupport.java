package org.medcl.models;

import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Small helpers shared by the graph tests of this module (not a test class). */
public final class TfTestSupport {
  private TfTestSupport() {}

  /** Seeded uniform values in [-1, 1). */
  public static float[] randomValues(long seed, int n) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = 2f * r.nextFloat() - 1f;
    }
    return v;
  }

  /** A tensor of {@code shape} holding {@code values}. */
  public static TFloat32 tensor(float[] values, long... shape) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values));
  }

  /** Copies a float tensor's values out. */
  public static float[] values(Tensor t) {
    TFloat32 f = (TFloat32) t;
    float[] out = new float[(int) f.size()];
    f.copyTo(DataBuffers.of(out));
    return out;
  }

  /** Runs {@code fetch} with one feed and returns its values. */
  public static float[] run(Session s, Operand<?> fetch, Operand<?> feed, TFloat32 value) {
    try (var result = s.runner().feed(feed, value).fetch(fetch).run()) {
      return values(result.get(0));
    }
  }
}
