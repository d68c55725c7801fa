package org.medcl.models.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcl.models.LayerInfo;
import org.medcl.models.TfTestSupport;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class ConvBnActTest {

  /**
   * loss = sum(unit(x) * r) of a 3 x 3 conv (1 -> 2 channels) + training BatchNorm + LeakyReLU
   * on x [2, 3, 3, 1]: tf.gradients against central differences (step 1e-3) for every input
   * pixel and every kernel entry.
   */
  @Test
  void gradientsOfConvBatchNormBlock_matchFiniteDifferences() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableFactory f = new VariableFactory(7);
      Ops scope = tf.withSubScope("unit");
      ConvLayer conv = ConvLayer.conv(scope, f, 3, 1, 2, true);
      ConvBnAct unit = new ConvBnAct(scope, "unit", f, conv, 0.9f, 1e-5f, 0.01f);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(2, 3, 3, 1)));
      List<LayerInfo> rows = new ArrayList<>();
      Operand<TFloat32> y = unit.apply(tf, x, "SAME", true, new ArrayList<>(), rows);
      Operand<TFloat32> r = tf.constant(Shape.of(2, 3, 3, 2),
          org.tensorflow.ndarray.buffer.DataBuffers.of(TfTestSupport.randomValues(11, 36)));
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(y, r), tf.constant(new int[] {0, 1, 2,
          3}));
      Variable<TFloat32> kernel = f.trainables().get(0);
      var grads = tf.gradients(loss, List.of(x, kernel));
      Placeholder<TFloat32> newKernel = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(3, 3, 1, 2)));
      var setKernel = tf.assign(kernel, newKernel);

      float[] x0 = TfTestSupport.randomValues(3, 18);
      float[] k0 = TfTestSupport.randomValues(4, 18);
      setKernel(s, setKernel, newKernel, k0);
      float[] gx;
      float[] gk;
      try (TFloat32 in = TfTestSupport.tensor(x0, 2, 3, 3, 1);
          var res = s.runner().feed(x, in).fetch(grads.dy(0)).fetch(grads.dy(1)).run()) {
        gx = TfTestSupport.values(res.get(0));
        gk = TfTestSupport.values(res.get(1));
      }
      double h = 1e-3;
      for (int i = 0; i < x0.length; i++) {
        float[] plus = x0.clone();
        float[] minus = x0.clone();
        plus[i] += h;
        minus[i] -= h;
        double fd = (lossAt(s, loss, x, plus) - lossAt(s, loss, x, minus)) / (2 * h);
        assertEquals(fd, gx[i], 2e-3 + 1e-2 * Math.abs(fd), "d loss / d x[" + i + "]");
      }
      for (int i = 0; i < k0.length; i++) {
        float[] plus = k0.clone();
        float[] minus = k0.clone();
        plus[i] += h;
        minus[i] -= h;
        setKernel(s, setKernel, newKernel, plus);
        double lp = lossAt(s, loss, x, x0);
        setKernel(s, setKernel, newKernel, minus);
        double lm = lossAt(s, loss, x, x0);
        double fd = (lp - lm) / (2 * h);
        assertEquals(fd, gk[i], 2e-3 + 1e-2 * Math.abs(fd), "d loss / d kernel[" + i + "]");
      }
      setKernel(s, setKernel, newKernel, k0);
      // row: 3 x 3 x 1 x 2 kernel + 2 bias + 2 gamma + 2 beta; MACs 3 * 3 pixels * 9 * 1 * 2
      assertEquals(new LayerInfo("unit", List.of(3L, 3L, 2L), 24, 162, false), rows.get(0));
    }
  }

  private static double lossAt(Session s, Operand<TFloat32> loss, Placeholder<TFloat32> x,
      float[] values) {
    try (TFloat32 in = TfTestSupport.tensor(values, 2, 3, 3, 1)) {
      return TfTestSupport.run(s, loss, x, in)[0];
    }
  }

  private static void setKernel(Session s, Operand<TFloat32> assign, Placeholder<TFloat32> p,
      float[] values) {
    try (TFloat32 k = TfTestSupport.tensor(values, 3, 3, 1, 2)) {
      s.runner().feed(p, k).addTarget(assign).run().close();
    }
  }
}
