package org.medcl.ops.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradientCheckTest {

  @Test
  void sumOfSquares_givesTwiceTheInputBothWays() {
    // f(x) = x1^2 + x2^2 at (1, 2): value 5, gradient (2, 4); central differences of a
    // quadratic are exact up to float32 rounding.
    GradientCheck.Outcome outcome = GradientCheck.check(
        (tf, x) -> tf.reduceSum(tf.math.square(x), tf.constant(0)),
        new float[] {1, 2}, 1e-2f, 2);
    assertEquals(5f, outcome.value());
    assertArrayEquals(new float[] {2, 4}, outcome.analytic(), 1e-6f);
    assertArrayEquals(new float[] {2, 4}, outcome.numeric(), 1e-3f);
    assertTrue(outcome.maxAbsDifference() < 1e-3);
  }

  @Test
  void wrongSymbolicGradient_isDetected() {
    // f(x) = stopGradient(x) * x has derivative 2x = 6 at 3, symbolic gradient only x = 3.
    GradientCheck.Outcome outcome = GradientCheck.check(
        (tf, x) -> tf.reduceSum(tf.math.mul(tf.stopGradient(x), x), tf.constant(0)),
        new float[] {3}, 1e-2f, 1);
    assertEquals(3.0, outcome.maxAbsDifference(), 1e-3);
  }

  @Test
  void unconnectedInput_getsZeroGradient() {
    GradientCheck.Outcome outcome = GradientCheck.check(
        (tf, x) -> tf.reduceSum(tf.constant(new float[] {1, 2}), tf.constant(0)),
        new float[] {3, 4}, 1e-2f, 2);
    assertEquals(3f, outcome.value());
    assertArrayEquals(new float[] {0, 0}, outcome.analytic());
  }

  @Test
  void nonScalarFunction_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GradientCheck.check((tf, x) -> x, new float[] {1, 2}, 1e-2f, 2));
    assertEquals("expected a scalar function, found shape [2]", e.getMessage());
  }
}
