package org.medcl.graphs.distributed.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Sets the device of every node of a GraphDef, working around TensorFlow Java 1.1.0's
 * gradients ignoring {@code withDevice}: the graph is built without devices, exported, placed
 * here and imported into a fresh graph.
 *
 * <p>Rules, in order: a node whose name starts with {@code replicaK/} goes to replica K's
 * device; a node of the gradient scope ({@code gradientPrefix}) takes the replica of its data
 * inputs when they name exactly one replica (the backward pass of replica K's forward, such as
 * {@code Conv2DBackpropFilter} reading replica K's activations), the host when they name
 * several (the sums of the replicas' contributions to a shared variable's gradient: this is
 * where gradients are averaged), and, when no input is placed (constants), the replica that
 * all its consumers share; every other node goes to the host device (variables, feeds, the
 * optimizer, gathered loss terms).
 */
public final class Placement {
  private static final int HOST = -1;
  private static final Pattern REPLICA = Pattern.compile("replica(\\d+)/.*");

  private final List<String> devices;
  private final String gradientPrefix;

  /**
   * A placement over {@code devices} (replica K on {@code devices.get(K)}, host on the first).
   *
   * @param gradientPrefix name prefix of the gradient ops, e.g. {@code Gradients/}
   */
  public Placement(List<String> devices, String gradientPrefix) {
    this.devices = List.copyOf(devices);
    this.gradientPrefix = gradientPrefix;
  }

  /** A copy of {@code graph} with every node's device set. */
  public GraphDef apply(GraphDef graph) {
    Map<String, Integer> label = labels(graph);
    GraphDef.Builder out = graph.toBuilder();
    for (int i = 0; i < out.getNodeCount(); i++) {
      NodeDef n = out.getNode(i);
      int k = label.get(n.getName());
      out.setNode(i, n.toBuilder().setDevice(devices.get(Math.max(k, 0))).build());
    }
    return out.build();
  }

  /** Nodes per device of a placed GraphDef, for the placement log. */
  public static Map<String, Integer> countByDevice(GraphDef graph) {
    Map<String, Integer> counts = new TreeMap<>();
    for (NodeDef n : graph.getNodeList()) {
      counts.merge(n.getDevice(), 1, Integer::sum);
    }
    return counts;
  }

  private Map<String, Integer> labels(GraphDef graph) {
    Map<String, Integer> label = new HashMap<>();
    Map<String, List<String>> consumers = new HashMap<>();
    List<NodeDef> gradients = new ArrayList<>();
    for (NodeDef n : graph.getNodeList()) {
      Matcher m = REPLICA.matcher(n.getName());
      if (m.matches()) {
        int k = Integer.parseInt(m.group(1));
        if (k >= devices.size()) {
          throw new IllegalStateException("node " + n.getName() + " names replica " + k
              + " but there are only " + devices.size() + " devices");
        }
        label.put(n.getName(), k);
      } else if (n.getName().startsWith(gradientPrefix)) {
        gradients.add(n);
      } else {
        label.put(n.getName(), HOST);
      }
      for (String in : dataInputs(n)) {
        consumers.computeIfAbsent(in, x -> new ArrayList<>()).add(n.getName());
      }
    }
    // forward pass over the gradient nodes until nothing changes (inputs usually come first)
    boolean changed = true;
    while (changed) {
      changed = false;
      for (NodeDef n : gradients) {
        if (label.containsKey(n.getName())) {
          continue;
        }
        Integer k = fromNeighbours(dataInputs(n), label);
        if (k != null) {
          label.put(n.getName(), k);
          changed = true;
        }
      }
    }
    // what is left has no placed input: follow the consumers, else the host
    changed = true;
    while (changed) {
      changed = false;
      for (NodeDef n : gradients) {
        if (!label.containsKey(n.getName())) {
          Integer k = fromNeighbours(consumers.getOrDefault(n.getName(), List.of()), label);
          if (k != null) {
            label.put(n.getName(), k);
            changed = true;
          }
        }
      }
    }
    for (NodeDef n : gradients) {
      label.putIfAbsent(n.getName(), HOST);
    }
    return label;
  }

  /** One replica if the labelled neighbours name exactly one, host if several or only host. */
  private static Integer fromNeighbours(List<String> names, Map<String, Integer> label) {
    Set<Integer> replicas = new HashSet<>();
    boolean host = false;
    for (String in : names) {
      Integer k = label.get(in);
      if (k == null) {
        continue;
      }
      if (k == HOST) {
        host = true;
      } else {
        replicas.add(k);
      }
    }
    if (replicas.size() == 1) {
      return replicas.iterator().next();
    }
    return replicas.size() > 1 || host ? HOST : null;
  }

  private static List<String> dataInputs(NodeDef n) {
    List<String> out = new ArrayList<>();
    for (String in : n.getInputList()) {
      if (in.startsWith("^")) {
        continue;
      }
      int colon = in.indexOf(':');
      out.add(colon < 0 ? in : in.substring(0, colon));
    }
    return out;
  }
}
