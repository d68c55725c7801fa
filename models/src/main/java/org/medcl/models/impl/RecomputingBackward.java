package org.medcl.models.impl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medcl.models.Backward;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A backward pass by segments that rebuilds each segment's inner tensors instead of keeping
 * them from the forward pass.
 *
 * <p>The forward pass is cut at boundary tensors into segments, each recorded with its inputs,
 * its outputs, a function that rebuilds its outputs from given inputs, and its trainable
 * variables. {@link #gradients} first differentiates the loss with respect to the top
 * boundaries (the last segment outputs the rest of the graph reads) and the variables outside
 * every segment. Then, for each segment from the last recorded to the first: its inputs are
 * re-read through identities that wait (control dependencies) for the summed gradients of its
 * outputs, the segment is rebuilt on them, and TensorFlow's gradient of the rebuilt outputs,
 * seeded with those gradients, gives the gradients of its inputs (added to the outputs of
 * earlier segments) and of its variables. The forward pass's inner tensors then have no reader
 * in the backward pass and are freed as soon as the forward pass is past them; the rebuilt
 * ones exist only while their segment's gradient is computed.
 *
 * <p>Segments must be recorded in forward order (an input is the graph's own tensor or an
 * output of an earlier segment), and a rebuild must compute the same values as the forward
 * (stateless random ops with the same seeds, BatchNorm with batch statistics, no state
 * updates). The loss must read the segments only through the top boundaries, and their
 * variables only through the segments: a term on an inner segment output or directly on a
 * segment variable (weight decay, say) would be left out of the gradients. Every variable a
 * rebuild reads must be listed with its segment, or the loss's gradient with respect to it is
 * taken through the whole forward graph again (right values, none of the memory saved).
 * Variables and boundaries are matched by object identity: pass the same objects that the
 * segments were recorded with.
 */
public final class RecomputingBackward implements Backward {

  /** Rebuilds a segment's outputs from its (re-read) inputs. */
  @FunctionalInterface
  public interface Rebuild {
    /** The segment's outputs, built with {@code tf} on {@code inputs}. */
    List<Operand<TFloat32>> apply(Ops tf, List<Operand<TFloat32>> inputs);
  }

  private record Segment(List<Operand<TFloat32>> inputs, List<Operand<TFloat32>> outputs,
      Rebuild rebuild, List<Variable<TFloat32>> variables) {}

  private final List<Segment> segments = new ArrayList<>();
  private final List<Operand<TFloat32>> tops = new ArrayList<>();
  private final Set<Operand<TFloat32>> recordedOutputs =
      Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Operand<TFloat32>> recordedInputs =
      Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * Records a segment whose forward outputs are {@code outputs}, computed from {@code inputs};
   * {@code rebuild} must give the same values on the same inputs, and {@code variables} are
   * the trainable variables it reads.
   */
  public void segment(List<Operand<TFloat32>> inputs, List<Operand<TFloat32>> outputs,
      Rebuild rebuild, List<Variable<TFloat32>> variables) {
    if (inputs == null || outputs == null || rebuild == null || variables == null
        || inputs.isEmpty() || outputs.isEmpty()) {
      throw new IllegalArgumentException("a segment needs inputs, outputs, a rebuild and a"
          + " list of variables");
    }
    if (new LinkedHashSet<>(variables).size() != variables.size()) {
      throw new IllegalArgumentException("a segment lists a variable twice: " + variables);
    }
    Set<Operand<TFloat32>> ins = Collections.newSetFromMap(new IdentityHashMap<>());
    ins.addAll(inputs);
    for (Operand<TFloat32> o : outputs) {
      if (recordedOutputs.contains(o) || ins.contains(o)) {
        throw new IllegalArgumentException("segment " + segments.size() + " output " + o
            + " is already an output of a segment or its own input");
      }
      if (recordedInputs.contains(o)) {
        throw new IllegalArgumentException("segment " + segments.size() + " output " + o
            + " is an input of an earlier segment: record segments in forward order");
      }
    }
    recordedOutputs.addAll(outputs);
    recordedInputs.addAll(inputs);
    segments.add(new Segment(List.copyOf(inputs), List.copyOf(outputs), rebuild,
        List.copyOf(variables)));
  }

  /** Marks a segment output that the graph outside the segments reads (e.g. a head's input). */
  public void top(Operand<TFloat32> boundary) {
    tops.add(boundary);
  }

  @Override
  public List<Operand<TFloat32>> gradients(Ops tf, Operand<TFloat32> loss,
      List<Variable<TFloat32>> variables) {
    if (tops.isEmpty()) {
      throw new IllegalStateException("no top boundary recorded");
    }
    Set<Variable<TFloat32>> inSegments = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Segment s : segments) {
      inSegments.addAll(s.variables());
    }
    for (Operand<TFloat32> t : tops) {
      if (!recordedOutputs.contains(t)) {
        throw new IllegalStateException("top boundary " + t + " is no segment's output");
      }
    }
    Map<Operand<TFloat32>, List<Operand<TFloat32>>> boundaryGrads = new IdentityHashMap<>();
    Map<Variable<TFloat32>, List<Operand<TFloat32>>> variableGrads = new IdentityHashMap<>();

    // the loss with respect to the top boundaries and the variables outside the segments
    List<Variable<TFloat32>> outside = new ArrayList<>();
    for (Variable<TFloat32> v : new LinkedHashSet<>(variables)) {
      if (!inSegments.contains(v)) {
        outside.add(v);
      }
    }
    List<Operand<?>> xs = new ArrayList<>(tops);
    xs.addAll(outside);
    Gradients top = tf.gradients(loss, xs);
    for (int i = 0; i < tops.size(); i++) {
      add(boundaryGrads, tops.get(i), top.dy(i));
    }
    for (int i = 0; i < outside.size(); i++) {
      add(variableGrads, outside.get(i), top.dy(tops.size() + i));
    }

    // each segment, last first, rebuilt once the gradients of its outputs are ready
    Ops rs = tf.withSubScope("recompute");
    for (int k = segments.size() - 1; k >= 0; k--) {
      Segment s = segments.get(k);
      List<Operand<TFloat32>> dys = new ArrayList<>();
      for (Operand<TFloat32> o : s.outputs()) {
        List<Operand<TFloat32>> parts = boundaryGrads.get(o);
        if (parts == null) {
          throw new IllegalStateException("segment " + k + " output " + o
              + " receives no gradient: every segment output must reach the loss");
        }
        dys.add(sum(rs, parts));
      }
      Ops build = rs.withSubScope("segment" + k);
      Ops gate = build.withControlDependencies(new ArrayList<Op>(dys));
      List<Operand<TFloat32>> inputs = new ArrayList<>();
      for (Operand<TFloat32> in : s.inputs()) {
        // The stop-gradient keeps TensorFlow's gradient of this segment from walking into the
        // forward pass: a segment variable also feeds the forward's later layers (a skip's
        // BatchNorm feeds the whole path to the decoder), which would otherwise be
        // differentiated again here (42 extra convolution gradients per reference step).
        inputs.add(gate.identity(gate.stopGradient(in)));
      }
      List<Operand<TFloat32>> outs = s.rebuild().apply(build, inputs);
      if (outs.size() != s.outputs().size()) {
        throw new IllegalStateException("segment " + k + " rebuilt " + outs.size()
            + " outputs, recorded " + s.outputs().size());
      }
      List<Integer> wanted = new ArrayList<>();
      List<Operand<?>> sx = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        if (recordedOutputs.contains(s.inputs().get(i))) {
          wanted.add(i);
          sx.add(inputs.get(i));
        }
      }
      sx.addAll(s.variables());
      Gradients g = build.gradients(outs, sx, Gradients.dx(dys));
      for (int j = 0; j < wanted.size(); j++) {
        add(boundaryGrads, s.inputs().get(wanted.get(j)), g.dy(j));
      }
      for (int j = 0; j < s.variables().size(); j++) {
        add(variableGrads, s.variables().get(j), g.dy(wanted.size() + j));
      }
    }

    List<Operand<TFloat32>> out = new ArrayList<>();
    Map<Variable<TFloat32>, Operand<TFloat32>> summed = new LinkedHashMap<>();
    for (Variable<TFloat32> v : variables) {
      Operand<TFloat32> g = summed.get(v);
      if (g == null) {
        List<Operand<TFloat32>> parts = variableGrads.get(v);
        if (parts == null) {
          throw new IllegalArgumentException("variable " + v + " is not reachable from the"
              + " loss through the recorded segments");
        }
        g = sum(tf, parts);
        summed.put(v, g);
      }
      out.add(g);
    }
    return out;
  }

  private static <K> void add(Map<K, List<Operand<TFloat32>>> map, K key,
      Operand<TFloat32> grad) {
    map.computeIfAbsent(key, x -> new ArrayList<>()).add(grad);
  }

  private static Operand<TFloat32> sum(Ops tf, List<Operand<TFloat32>> parts) {
    return parts.size() == 1 ? parts.get(0) : tf.math.addN(parts);
  }
}
