package org.medcl.graphs.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Which variables a scalar depends on through data edges. {@code tf.gradients} fails on a
 * variable the loss cannot reach (e.g. the prototypes when L_cluster and L_ac are switched
 * off), so the step graph differentiates only the reachable ones.
 */
public final class Reachability {
  private Reachability() {}

  /** The variables of {@code candidates} that {@code output} depends on, in their order. */
  public static List<Variable<TFloat32>> reachable(Operand<?> output,
      List<Variable<TFloat32>> candidates) {
    Set<String> seen = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>();
    GraphOperation start = (GraphOperation) output.op();
    todo.add(start);
    seen.add(start.name());
    while (!todo.isEmpty()) {
      GraphOperation op = todo.poll();
      for (int i = 0; i < op.numInputs(); i++) {
        GraphOperation in = (GraphOperation) op.input(i).op();
        if (seen.add(in.name())) {
          todo.add(in);
        }
      }
    }
    List<Variable<TFloat32>> out = new ArrayList<>();
    for (Variable<TFloat32> v : candidates) {
      if (seen.contains(v.op().name())) {
        out.add(v);
      }
    }
    return out;
  }
}
