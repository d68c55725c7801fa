package org.medcl.graphs.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class ReachabilityTest {

  @Test
  void onlyVariablesOnADataPath_areKept() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> a = tf.withName("a").variable(tf.constant(1f));
      Variable<TFloat32> b = tf.withName("b").variable(tf.constant(2f));
      Variable<TFloat32> c = tf.withName("c").variable(tf.constant(3f));
      var y = tf.math.mul(tf.identity(c), tf.math.add(tf.identity(a), tf.constant(1f)));
      assertEquals(List.of(a, c), Reachability.reachable(y, List.of(a, b, c)));
    }
  }
}
