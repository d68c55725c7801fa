package org.medcl.graphs.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.AllocatorMemoryUsed;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where a traced step spent its time: the step statistics of a FULL_TRACE run summed per op
 * type. Op times overlap when TensorFlow runs ops in parallel, so the shares are of the summed
 * op time, not of the wall clock.
 */
public final class StepProfile {
  /** Summed time and count of one op type. */
  public record Row(String opType, double millis, int count) {}

  /** Time of one node. */
  public record Node(String name, String opType, double millis) {}

  /**
   * The most bytes one allocator reported in use after a node of the step, and that node
   * (allocators that report nothing are absent).
   */
  public record Memory(String allocator, long maxBytesInUse, String atNode) {}

  private final List<Row> rows;
  private final List<Node> nodes;
  private final List<Memory> memory;
  private final double totalMillis;

  private StepProfile(List<Row> rows, List<Node> nodes, List<Memory> memory,
      double totalMillis) {
    this.rows = rows;
    this.nodes = nodes;
    this.memory = memory;
    this.totalMillis = totalMillis;
  }

  /** Sums the node times of every device in {@code metadata} per op type. */
  public static StepProfile of(RunMetadata metadata) {
    Map<String, double[]> sums = new HashMap<>();
    List<Node> nodes = new ArrayList<>();
    Map<String, Memory> memory = new TreeMap<>();
    double total = 0;
    for (DeviceStepStats d : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats n : d.getNodeStatsList()) {
        for (AllocatorMemoryUsed m : n.getMemoryList()) {
          Memory seen = memory.get(m.getAllocatorName());
          if (m.getAllocatorBytesInUse() > 0 && (seen == null
              || m.getAllocatorBytesInUse() > seen.maxBytesInUse())) {
            memory.put(m.getAllocatorName(), new Memory(m.getAllocatorName(),
                m.getAllocatorBytesInUse(), n.getNodeName()));
          }
        }
        double ms = n.getAllEndRelMicros() / 1000.0;
        double[] s = sums.computeIfAbsent(opType(n), k -> new double[2]);
        s[0] += ms;
        s[1] += 1;
        total += ms;
        nodes.add(new Node(n.getNodeName(), opType(n), ms));
      }
    }
    List<Row> rows = new ArrayList<>();
    sums.forEach((k, v) -> rows.add(new Row(k, v[0], (int) v[1])));
    rows.sort(Comparator.comparingDouble(Row::millis).reversed());
    nodes.sort(Comparator.comparingDouble(Node::millis).reversed());
    return new StepProfile(List.copyOf(rows), List.copyOf(nodes),
        List.copyOf(memory.values()), total);
  }

  /**
   * The op type of a node: the word before the parenthesis of its timeline label
   * ({@code "name = Conv2D(a, b)"}), else the node name.
   */
  static String opType(NodeExecStats n) {
    String label = n.getTimelineLabel();
    int eq = label.indexOf(" = ");
    int paren = label.indexOf('(', Math.max(eq, 0));
    if (eq >= 0 && paren > eq) {
      return label.substring(eq + 3, paren).trim();
    }
    return n.getNodeName();
  }

  /** Op types, most time first. */
  public List<Row> rows() {
    return rows;
  }

  /** Per allocator, the most bytes in use after any node, by allocator name. */
  public List<Memory> memory() {
    return memory;
  }

  /** Nodes, most time first. */
  public List<Node> nodes() {
    return nodes;
  }

  /** Summed op time in ms. */
  public double totalMillis() {
    return totalMillis;
  }
}
