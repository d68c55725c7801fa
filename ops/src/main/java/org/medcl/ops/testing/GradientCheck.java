package org.medcl.ops.testing;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.medcl.ops.Fetch;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Finite-difference check of {@code tf.gradients} on a small float32 graph.
 *
 * <p>The function under test is built on a placeholder {@code x} of the given shape and must
 * return a scalar. The symbolic gradient at {@code x0} is compared with the central difference
 * {@code (f(x0 + h e_i) - f(x0 - h e_i)) / 2h} for every element {@code i}; each evaluation is
 * one session run, so keep {@code x} to a few hundred elements. Float32 central differences
 * have an error of order {@code h^2 f''' + 1e-7 |f| / h}; {@code h = 1e-2} and a tolerance of
 * about {@code 1e-3} suit functions of order 1. An input with no path to the function gets an
 * analytic gradient of exactly 0.
 *
 * <p>TODO: checks run in float32 only, because every graph builder of ops and losses is typed
 * {@code TFloat32}; a float64 check (tolerances near 1e-8) would need builders generic in the
 * floating type.
 */
public final class GradientCheck {

  /**
   * The outcome of a check.
   *
   * @param value {@code f(x0)}
   * @param analytic the symbolic gradient at {@code x0}, row-major
   * @param numeric the central differences, row-major
   */
  public record Outcome(float value, float[] analytic, float[] numeric) {

    /**
     * The largest absolute difference between analytic and numeric gradients.
     *
     * @return {@code max_i |analytic_i - numeric_i|}
     */
    public double maxAbsDifference() {
      double max = 0;
      for (int i = 0; i < analytic.length; i++) {
        max = Math.max(max, Math.abs((double) analytic[i] - numeric[i]));
      }
      return max;
    }

    /**
     * The largest absolute value of the analytic gradient, to show that a check is not trivial.
     *
     * @return {@code max_i |analytic_i|}
     */
    public double maxAbsAnalytic() {
      double max = 0;
      for (float g : analytic) {
        max = Math.max(max, Math.abs(g));
      }
      return max;
    }
  }

  private GradientCheck() {
  }

  /**
   * Evaluates the function, its symbolic gradient and its central differences at {@code x0}.
   *
   * @param function builds a scalar from the graph context and the input placeholder
   * @param x0 the point, row-major
   * @param step the difference step {@code h}
   * @param shape the input's dimensions
   * @return the outcome
   * @throws IllegalArgumentException if the shape does not hold {@code x0.length} values or the
   *     step is not positive
   */
  public static Outcome check(BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> function,
      float[] x0, float step, long... shape) {
    if (!(step > 0)) {
      throw new IllegalArgumentException("expected a positive step, found " + step);
    }
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(shape)));
      Operand<TFloat32> y = function.apply(tf, x);
      if (y.shape().numDimensions() != 0) {
        throw new IllegalArgumentException("expected a scalar function, found shape "
            + y.shape());
      }
      // 0 * sum(x) keeps x connected to y: for an unconnected input, tf.gradients in
      // TensorFlow Java 1.1.0 returns an output that fails when fetched, instead of zeros.
      Operand<TFloat32> connected = tf.math.add(y, tf.math.mul(tf.constant(0f),
          tf.reduceSum(x, tf.range(tf.constant(0), tf.rank(x), tf.constant(1)))));
      Operand<TFloat32> grad = tf.gradients(connected, List.of(x)).<TFloat32>dy(0);
      try (Session session = new Session(graph)) {
        float value;
        float[] analytic;
        try (TFloat32 at = Fetch.tensor(x0, shape)) {
          List<float[]> out = Fetch.run(session, Map.of(x, at), List.of(y, grad));
          value = out.get(0)[0];
          analytic = out.get(1);
        }
        float[] numeric = new float[x0.length];
        float[] probe = x0.clone();
        for (int i = 0; i < x0.length; i++) {
          probe[i] = x0[i] + step;
          float plus = evaluate(session, x, y, probe, shape);
          probe[i] = x0[i] - step;
          float minus = evaluate(session, x, y, probe, shape);
          probe[i] = x0[i];
          numeric[i] = (float) (((double) plus - minus) / (2.0 * step));
        }
        return new Outcome(value, analytic, numeric);
      }
    }
  }

  private static float evaluate(Session session, Operand<TFloat32> x, Operand<TFloat32> y,
      float[] at, long[] shape) {
    try (TFloat32 tensor = Fetch.tensor(at, shape)) {
      return Fetch.run(session, Map.of(x, tensor), y)[0];
    }
  }
}
