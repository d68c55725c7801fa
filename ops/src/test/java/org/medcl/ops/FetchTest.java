package org.medcl.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class FetchTest {

  @Test
  void tensor_roundTripsDataAndShape() {
    try (TFloat32 t = Fetch.tensor(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)) {
      assertEquals(Shape.of(2, 3), t.shape());
      assertEquals(6f, t.getFloat(1, 2));
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Fetch.floats(t));
    }
  }

  @Test
  void shapeNotHoldingTheData_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Fetch.tensor(new float[5], 2, 3));
    assertEquals("shape [2, 3] holds 6 values, found 5 in the data", e.getMessage());
  }

  @Test
  void run_feedsAndFetchesSeveralOperandsInOrder() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
      try (TFloat32 feed = Fetch.tensor(new float[] {1, 2}, 2)) {
        List<float[]> out = Fetch.run(s, Map.of(x, feed),
            List.of(tf.math.mul(x, tf.constant(3f)), tf.math.neg(x)));
        assertArrayEquals(new float[] {3, 6}, out.get(0));
        assertArrayEquals(new float[] {-1, -2}, out.get(1));
      }
    }
  }
}
