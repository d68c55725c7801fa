package org.medcl.models.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.medcl.models.TfTestSupport;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class ConvLayerTest {

  /**
   * A 2 x 2 stride-2 transposed convolution of a 1 x 1 single-channel input x = 2 writes
   * x * kernel[i][j] into output pixel (i, j): the output is twice the kernel.
   */
  @Test
  void transposed_doublesTheSize_andSpreadsEachPixelOverTheKernel() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableFactory f = new VariableFactory(3);
      ConvLayer up = ConvLayer.transposed(tf, f, 1, 1, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(1, 1, 1, 1)));
      var y = up.apply(tf, x, "VALID");
      assertEquals(Shape.of(1, 2, 2, 1), y.shape());
      float[] kernel;
      try (var r = s.runner().fetch(tf.identity(f.trainables().get(0))).run()) {
        kernel = TfTestSupport.values(r.get(0));
      }
      try (TFloat32 in = TfTestSupport.tensor(new float[] {2f}, 1, 1, 1, 1)) {
        float[] out = TfTestSupport.run(s, y, x, in);
        float[] twice = new float[4];
        for (int i = 0; i < 4; i++) {
          twice[i] = 2f * kernel[i];
        }
        assertArrayEquals(twice, out, 1e-6f);
      }
      // 2 * 2 * 1 * 1 parameters; 2 x 2 outputs, one multiply-add each
      assertEquals(4, up.parameters());
      assertEquals(4, up.multiplyAdds(2, 2));
    }
  }

  @Test
  void conv_countsKernelAndBias_andMultiplyAddsPerOutputPixel() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ConvLayer c = ConvLayer.conv(tf, new VariableFactory(1), 3, 4, 8, true);
      assertEquals(3 * 3 * 4 * 8 + 8, c.parameters());
      assertEquals(10L * 10 * 3 * 3 * 4 * 8, c.multiplyAdds(10, 10));
      assertEquals(-1, c.multiplyAdds(-1, 10));
    }
  }
}
