package org.medcl.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.medcl.ops.Fetch;
import org.medcl.ops.testing.GradientCheck;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class ChannelsTest {

  // Two pixels of 3 channels: (1, 2, 3) and (4, 5, 6), as [1, 1, 2, 3].
  private static final float[][][][] X = {{{{1, 2, 3}, {4, 5, 6}}}};

  @Test
  void select_keepsTheChosenChannelsInOrder() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> out = Channels.select(tf, tf.constant(X), 2, 0);
      assertArrayEquals(new float[] {3, 1, 6, 4}, Fetch.run(s, out));
      assertEquals(4, out.shape().numDimensions());
    }
  }

  @Test
  void sum_addsTheChosenChannels() {
    // (2 + 3, 5 + 6) = (5, 11).
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      assertArrayEquals(new float[] {5, 11}, Fetch.run(s, Channels.sum(tf, tf.constant(X), 1, 2)));
    }
  }

  @Test
  void gradientOfTheSelection_isOneOnTheChosenChannels() {
    // d/dx of sum(select(x, 1)) is 1 on channel 1 of every pixel, 0 elsewhere.
    GradientCheck.Outcome o = GradientCheck.check((tf, x) -> tf.reduceSum(
        Channels.select(tf, x, 1), tf.constant(new int[] {0, 1, 2, 3})),
        new float[] {1, 2, 3, 4, 5, 6}, 1e-2f, 1, 1, 2, 3);
    assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0}, o.analytic());
  }

  @Test
  void wrongChannelCount_isRejected() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Channels.checkLastDim("y", tf.constant(X), 4, 5));
      assertEquals("expected 5 channels in y, found shape [1, 1, 2, 3]", e.getMessage());
    }
  }
}
