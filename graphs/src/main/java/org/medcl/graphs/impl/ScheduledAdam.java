package org.medcl.graphs.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.types.TFloat32;

/**
 * Adam (Kingma and Ba) whose learning rate is a graph operand (a placeholder fed per step).
 *
 * <p>Written here because the framework's {@code Adam} of TensorFlow Java 1.1.0 takes the rate
 * as a float constant, and its slot naming ({@code <variable>-m}) rejects variable names that
 * contain {@code /}, as every {@code unet/...} name does. Per trainable {@code v} it keeps the
 * slots {@code <name>/<v>/m} and {@code <name>/<v>/v} (zeros) and the scalars
 * {@code <name>/beta1_power}, {@code <name>/beta2_power}, updated after the variable updates.
 * The update is TensorFlow's {@code ApplyAdam}: {@code lr_t = lr sqrt(1 - beta2^t) / (1 -
 * beta1^t)}, {@code m = beta1 m + (1 - beta1) g}, {@code v = beta2 v + (1 - beta2) g^2},
 * {@code var -= lr_t m / (sqrt(v) + epsilon)}. Every update waits for every gradient (what
 * TensorFlow 1 called GATE_GRAPH): with inter-op parallelism an update could otherwise run
 * while another gradient still reads the variable, which made steps irreproducible.
 */
public final class ScheduledAdam {
  private final Ops tf;
  private final Ops root;
  private final Map<String, Ops> scopes = new HashMap<>();
  private final Operand<TFloat32> learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final List<Variable<TFloat32>> slots = new ArrayList<>();

  /**
   * An optimizer whose variables are named under {@code name}.
   *
   * @param learningRate scalar float32 operand, read each step
   */
  public ScheduledAdam(Ops tf, String name, Operand<TFloat32> learningRate, float beta1,
      float beta2, float epsilon) {
    this.tf = tf;
    this.root = tf.withSubScope(name);
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /**
   * Creates the slots and returns the op applying {@code gradients[i]} to
   * {@code variables[i]}, then advancing the bias-correction powers.
   */
  public Op apply(List<Operand<TFloat32>> gradients, List<Variable<TFloat32>> variables) {
    if (gradients.size() != variables.size()) {
      throw new IllegalArgumentException("expected one gradient per variable, found "
          + gradients.size() + " gradients for " + variables.size() + " variables");
    }
    Ops init = tf.withInitScope();
    Variable<TFloat32> beta1Power = root.withName("beta1_power").variable(init.constant(beta1));
    Variable<TFloat32> beta2Power = root.withName("beta2_power").variable(init.constant(beta2));
    Operand<TFloat32> b1p = tf.identity(beta1Power);
    Operand<TFloat32> b2p = tf.identity(beta2Power);
    Operand<TFloat32> b1 = tf.constant(beta1);
    Operand<TFloat32> b2 = tf.constant(beta2);
    Operand<TFloat32> eps = tf.constant(epsilon);
    // gate: no variable changes before every gradient is computed (identity reads of a
    // variable share its buffer, so an early update would leak into other gradients)
    List<Op> gradientReady = new ArrayList<>();
    for (Operand<TFloat32> g : gradients) {
      gradientReady.add(tf.identity(g));
    }
    Ops gated = tf.withControlDependencies(gradientReady);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> v = variables.get(i);
      Ops slotScope = scopeFor(v.op().name());
      Variable<TFloat32> m = slot(slotScope, init, "m", v);
      Variable<TFloat32> s = slot(slotScope, init, "v", v);
      updates.add(gated.train.applyAdam(v, m, s, b1p, b2p, learningRate, b1, b2, eps,
          gradients.get(i), ApplyAdam.useLocking(true)));
    }
    Ops after = tf.withControlDependencies(updates);
    List<Op> powers = List.of(
        after.assign(beta1Power, after.math.mul(b1p, b1)),
        after.assign(beta2Power, after.math.mul(b2p, b2)));
    return tf.withControlDependencies(powers).noOp();
  }

  /** The slot variables created so far (two per trainable). */
  public List<Variable<TFloat32>> slots() {
    return List.copyOf(slots);
  }

  private Variable<TFloat32> slot(Ops scope, Ops init, String name, Variable<TFloat32> v) {
    Variable<TFloat32> slot = scope.withName(name).variable(
        init.zeros(init.constant(v.shape().asArray()), TFloat32.class));
    slots.add(slot);
    return slot;
  }

  /** The scope {@code <name>/<path of the variable>}, each level created once. */
  private Ops scopeFor(String path) {
    Ops scope = root;
    StringBuilder key = new StringBuilder();
    for (String part : path.split("/")) {
      key.append('/').append(part);
      Ops parent = scope;
      scope = scopes.computeIfAbsent(key.toString(), k -> parent.withSubScope(part));
    }
    return scope;
  }
}
