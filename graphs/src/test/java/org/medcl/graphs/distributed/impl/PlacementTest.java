package org.medcl.graphs.distributed.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

class PlacementTest {
  private static final List<String> DEVICES = List.of("/device:CPU:0", "/device:CPU:1");

  /** loss = sum over replicas k of sum((k + 1) w)^2, one shared variable w. */
  private static GraphDef twoReplicaGraph() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> v = tf.withName("w").variable(tf.withInitScope()
          .constant(new float[] {1f, 2f}));
      Operand<TFloat32> r = tf.identity(v);
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (int k = 0; k < 2; k++) {
        Ops s = tf.withSubScope("replica" + k);
        parts.add(s.math.square(s.math.mul(r, s.constant(k + 1f))));
      }
      Operand<TFloat32> loss = tf.sum(tf.concat(parts, tf.constant(0)), tf.constant(0));
      tf.gradients(loss, List.of(r));
      return g.toGraphDef();
    }
  }

  @Test
  void replicaNodes_gradientsAfterTheirInputs_andTheSumOnTheHost() {
    GraphDef placed = new Placement(DEVICES, "Gradients/").apply(twoReplicaGraph());
    Map<String, NodeDef> byName = new HashMap<>();
    placed.getNodeList().forEach(n -> byName.put(n.getName(), n));
    assertEquals("/device:CPU:1", byName.get("replica1/Square").getDevice());
    assertEquals("/device:CPU:0", byName.get("replica0/Square").getDevice());
    assertEquals("/device:CPU:0", byName.get("w").getDevice());
    // each replica's gradient Mul reads that replica's Mul output: it runs on its device
    int onOne = 0;
    for (NodeDef n : placed.getNodeList()) {
      assertTrue(!n.getDevice().isEmpty(), n.getName() + " has no device");
      boolean readsReplica1 = n.getInputList().stream().anyMatch(i -> i.startsWith("replica1/"));
      boolean readsReplica0 = n.getInputList().stream().anyMatch(i -> i.startsWith("replica0/"));
      if (n.getName().startsWith("Gradients/") && readsReplica1 && !readsReplica0) {
        assertEquals("/device:CPU:1", n.getDevice(), n.getName());
        onOne++;
      }
      // the sum of the two replicas' contributions to w's gradient is the average's place
      if (n.getOp().equals("AddN")) {
        assertEquals("/device:CPU:0", n.getDevice(), n.getName());
      }
    }
    assertTrue(onOne > 0, "no gradient node of replica 1 found");
    Map<String, Integer> counts = Placement.countByDevice(placed);
    assertEquals(placed.getNodeCount(), counts.values().stream().mapToInt(Integer::intValue)
        .sum());
  }

  @Test
  void replicaIndexBeyondTheDevices_isRejected() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new Placement(List.of("/device:CPU:0"), "Gradients/").apply(twoReplicaGraph()));
    assertTrue(e.getMessage().startsWith("node replica1/"), e.getMessage());
    assertTrue(e.getMessage().endsWith("names replica 1 but there are only 1 devices"),
        e.getMessage());
  }
}
