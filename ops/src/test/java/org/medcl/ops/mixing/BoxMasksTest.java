package org.medcl.ops.mixing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medcl.ops.Fetch;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

class BoxMasksTest {

  private static float[] mask(float[] boxes, int n, int h, int w) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      return Fetch.run(s, BoxMasks.fromBounds(tf,
          tf.reshape(tf.constant(boxes), tf.constant(new int[] {n, 4})), h, w));
    }
  }

  @Test
  void handBox_coversRowsAndColumnsBelowTheUpperBounds() {
    // Box (y0, x0, y1, x1) = (1, 2, 3, 5) on 4 x 6: rows 1-2, columns 2-4.
    float[] expected = {
        0, 0, 0, 0, 0, 0,
        0, 0, 1, 1, 1, 0,
        0, 0, 1, 1, 1, 0,
        0, 0, 0, 0, 0, 0};
    assertArrayEquals(expected, mask(new float[] {1, 2, 3, 5}, 1, 4, 6));
  }

  @Test
  void graphMasks_equalTheJavaMasksOfTheDraws() {
    MixingDraws d = MixingDraws.draw(MixingConfig.defaults(), 4, 12, 10,
        new SplittableRandom(8));
    assertArrayEquals(d.boxMaskFloats(), mask(d.boxFloats(), 4, 12, 10));
  }
}
