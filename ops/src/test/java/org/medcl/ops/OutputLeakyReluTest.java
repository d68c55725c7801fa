package org.medcl.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medcl.ops.testing.GradientCheck;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

class OutputLeakyReluTest {

  /** Negative, zero, tiny and positive values, and a weight per element for the loss. */
  private static final float[] X = {-3.5f, -1f, -1e-30f, 0f, 1e-30f, 0.25f, 2f, -0.125f};
  private static final float[] R = {0.5f, -1f, 2f, 3f, -0.75f, 1.5f, -2f, 4f};

  @ParameterizedTest(name = "slope={0}")
  @ValueSource(floats = {0.01f, 0.2f, 0f})
  void valuesAndGradient_equalLeakyRelu(float slope) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(X);
      Operand<TFloat32> ours = OutputLeakyRelu.apply(tf, x, slope);
      Operand<TFloat32> theirs = tf.nn.leakyRelu(x, LeakyRelu.alpha(slope));
      Operand<TFloat32> r = tf.constant(R);
      Gradients gOurs = tf.gradients(tf.reduceSum(tf.math.mul(ours, r), tf.constant(0)),
          List.of(x));
      Gradients gTheirs = tf.gradients(tf.reduceSum(tf.math.mul(theirs, r), tf.constant(0)),
          List.of(x));
      List<float[]> out = Fetch.run(s, java.util.Map.of(), List.of(ours, theirs,
          gOurs.dy(0), gTheirs.dy(0)));
      // forward and backward dy * (x > 0 ? 1 : slope) agree to float32 rounding of
      // (slope - 1) + 1: within 1e-7 absolute on the slope, so 1e-6 relative at slope 0.1
      for (int i = 0; i < X.length; i++) {
        float factor = X[i] > 0 ? 1f : slope;
        float tol = 1e-7f * Math.abs(X[i]) * 1.01f;
        assertEquals(out.get(1)[i], out.get(0)[i], tol, "value at " + X[i]);
        assertEquals(R[i] * factor, out.get(3)[i], 1e-7f * Math.abs(R[i]), "tf gradient");
        assertEquals(R[i] * factor, out.get(2)[i], 1e-7f * Math.abs(R[i]), "gradient at " + X[i]);
      }
    }
  }

  @Test
  void gradient_matchesFiniteDifferences() {
    float[] x0 = {-2f, -0.5f, 0.3f, 1.7f, -1.1f, 0.9f};
    GradientCheck.Outcome outcome = GradientCheck.check((tf, x) -> tf.reduceSum(
        tf.math.mul(OutputLeakyRelu.apply(tf, x, 0.1f), tf.constant(new float[] {1f, -2f, 3f,
            0.5f, 1.5f, -1f})), tf.constant(0)), x0, 1e-3f, 6);
    assertTrue(outcome.maxAbsDifference() < 1e-3, "max difference "
        + outcome.maxAbsDifference());
  }

  @Test
  void backwardPass_doesNotReadTheInput() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withName("input").identity(tf.constant(X));
      Operand<TFloat32> y = OutputLeakyRelu.apply(tf, x, 0.01f);
      Gradients grads = tf.gradients(tf.reduceSum(y, tf.constant(0)), List.of(x));
      // walk the gradient's inputs back to the forward pass: it must reach y, never x
      java.util.Set<String> seen = new java.util.HashSet<>();
      java.util.ArrayDeque<org.tensorflow.GraphOperation> todo = new java.util.ArrayDeque<>();
      todo.add((org.tensorflow.GraphOperation) grads.dy(0).op());
      boolean readsOutput = false;
      while (!todo.isEmpty()) {
        org.tensorflow.GraphOperation op = todo.poll();
        if (!seen.add(op.name())) {
          continue;
        }
        if (op.name().equals(y.op().name())) {
          readsOutput = true;
          continue;
        }
        assertTrue(!op.name().equals("input"), "the gradient reads the input through "
            + seen);
        for (int i = 0; i < op.numInputs(); i++) {
          todo.add((org.tensorflow.GraphOperation) op.input(i).op());
        }
      }
      assertTrue(readsOutput, "the gradient should read the output; it read " + seen);
    }
  }

  @Test
  void slopeOutsideRange_isRejected() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> OutputLeakyRelu.apply(tf, tf.constant(X), 1f));
      assertTrue(e.getMessage().contains("[0, 1), found 1.0"), e.getMessage());
    }
  }

  @Test
  void eluGradNotBuiltHere_cannotBeDifferentiated() {
    OutputLeakyRelu.register();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(X);
      Operand<TFloat32> other = tf.nn.eluGrad(x, tf.math.mul(x, tf.constant(2f)));
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> tf.gradients(tf.reduceSum(other, tf.constant(0)), List.of(x)));
      assertTrue(String.valueOf(e.getMessage()).contains("only the EluGrad ops built by"
          + " OutputLeakyRelu") || String.valueOf(e.getCause()).contains("OutputLeakyRelu"),
          String.valueOf(e));
    }
  }
}
