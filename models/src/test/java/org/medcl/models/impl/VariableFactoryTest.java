package org.medcl.models.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.medcl.models.TfTestSupport;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class VariableFactoryTest {

  @Test
  void heNormal_hasMeanZeroAndStdSqrtTwoOverFanIn_andIsReproducible() {
    float[] a = draw(5);
    float[] b = draw(5);
    assertArrayEquals(a, b);
    double sum = 0;
    double sq = 0;
    for (float v : a) {
      sum += v;
      sq += v * v;
    }
    double mean = sum / a.length;
    double std = Math.sqrt(sq / a.length - mean * mean);
    // fan-in 3 * 3 * 64 = 576: std sqrt(2 / 576) = 0.0589; 36,864 draws: sampling error ~0.4%
    assertEquals(Math.sqrt(2.0 / 576), std, 0.03 * Math.sqrt(2.0 / 576));
    assertEquals(0.0, mean, 0.002);
  }

  @Test
  void filled_holdsTheValue_andSortsTrainablesFromStatistics() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableFactory f = new VariableFactory(1);
      var v = f.filled(tf, "v", Shape.of(3), 1.5f, false);
      try (var r = s.runner().fetch(tf.identity(v)).run()) {
        assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f}, TfTestSupport.values(r.get(0)));
      }
      assertEquals(1, f.statistics().size());
      assertEquals(0, f.trainables().size());
    }
  }

  private static float[] draw(long seed) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableFactory f = new VariableFactory(seed);
      var k = f.heNormal(tf, "kernel", Shape.of(3, 3, 64, 64), 576);
      try (var r = s.runner().fetch(tf.identity(k)).run()) {
        return TfTestSupport.values((TFloat32) r.get(0));
      }
    }
  }
}
