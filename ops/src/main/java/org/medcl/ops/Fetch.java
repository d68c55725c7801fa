package org.medcl.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Moves float arrays in and out of a graph: builds float32 tensors from Java data and runs a
 * session, returning the fetched float32 outputs as flat row-major {@code float[]} arrays.
 *
 * <p>Every tensor this class returns is owned by the caller and must be closed; the
 * {@link Result} of each run is closed here.
 */
public final class Fetch {

  private Fetch() {
  }

  /**
   * Builds a float32 tensor holding a copy of {@code data} in row-major order.
   *
   * @param data values, row-major
   * @param shape the tensor's dimensions; their product must equal {@code data.length}
   * @return a new tensor the caller must close
   * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length} values
   */
  public static TFloat32 tensor(float[] data, long... shape) {
    long size = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException("expected non-negative dimensions, found shape "
            + Shape.of(shape));
      }
      size *= dim;
    }
    if (size != data.length) {
      throw new IllegalArgumentException("shape " + Shape.of(shape) + " holds " + size
          + " values, found " + data.length + " in the data");
    }
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data.clone(), true, false));
  }

  /**
   * Copies a float32 tensor's values into a new array, row-major.
   *
   * @param tensor the tensor to read (not closed here)
   * @return its values
   */
  public static float[] floats(TFloat32 tensor) {
    long size = tensor.shape().size();
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("expected at most " + Integer.MAX_VALUE
          + " values, found " + size + " in a tensor of shape " + tensor.shape());
    }
    float[] out = new float[(int) size];
    tensor.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  /**
   * Runs the session without feeds and fetches one float32 operand.
   *
   * @param session an open session on the operand's graph
   * @param fetch the operand to evaluate
   * @return its values, row-major
   */
  public static float[] run(Session session, Operand<TFloat32> fetch) {
    return run(session, Map.of(), List.of(fetch)).get(0);
  }

  /**
   * Runs the session with feeds and fetches one float32 operand.
   *
   * @param session an open session on the operand's graph
   * @param feeds tensors to feed, by the operand (usually a placeholder) they replace; not closed
   * @param fetch the operand to evaluate
   * @return its values, row-major
   */
  public static float[] run(Session session, Map<? extends Operand<?>, ? extends Tensor> feeds,
      Operand<TFloat32> fetch) {
    return run(session, feeds, List.of(fetch)).get(0);
  }

  /**
   * Runs the session once with feeds and fetches several float32 operands.
   *
   * @param session an open session on the operands' graph
   * @param feeds tensors to feed, by the operand they replace; not closed
   * @param fetches the operands to evaluate, in one run
   * @return their values, row-major, in the order of {@code fetches}
   */
  public static List<float[]> run(Session session,
      Map<? extends Operand<?>, ? extends Tensor> feeds,
      List<? extends Operand<TFloat32>> fetches) {
    Session.Runner runner = session.runner();
    for (Map.Entry<? extends Operand<?>, ? extends Tensor> feed : feeds.entrySet()) {
      runner.feed(feed.getKey(), feed.getValue());
    }
    for (Operand<TFloat32> fetch : fetches) {
      runner.fetch(fetch);
    }
    List<float[]> out = new ArrayList<>(fetches.size());
    try (Result result = runner.run()) {
      for (int i = 0; i < fetches.size(); i++) {
        out.add(floats((TFloat32) result.get(i)));
      }
    }
    return out;
  }
}
