package org.medcl.ops.mixing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.medcl.ops.Fetch;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

class InterMixTest {

  @Test
  void eachImage_isMixedWithItsOwnBeta() {
    // Image 0, beta 0.25: 0.25 * (1, 2) + 0.75 * (5, 6) = (4, 5);
    // image 1, beta 1: (3, 4) unchanged.
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      float[] out = Fetch.run(s, InterMix.apply(tf,
          tf.constant(new float[][][][] {{{{1, 2}}}, {{{3, 4}}}}),
          tf.constant(new float[][][][] {{{{5, 6}}}, {{{7, 8}}}}),
          tf.constant(new float[] {0.25f, 1f})));
      assertArrayEquals(new float[] {4, 5, 3, 4}, out, 1e-6f);
    }
  }
}
