package org.medcl.models.impl;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Creates the network's variables with seeded initial values and keeps the lists of trainable
 * variables and BatchNorm statistics. Each He-initialised variable draws from a stateless
 * normal op seeded with {@code (seed, index)}, so the same seed gives the same weights.
 */
public final class VariableFactory {
  private final long seed;
  private final List<Variable<TFloat32>> trainables = new ArrayList<>();
  private final List<Variable<TFloat32>> statistics = new ArrayList<>();
  private long drawIndex;

  /** A factory whose random draws derive from {@code seed}. */
  public VariableFactory(long seed) {
    this.seed = seed;
  }

  /**
   * A trainable variable named {@code scope/name} drawn from N(0, 2 / fanIn) (He, normal).
   */
  public Variable<TFloat32> heNormal(Ops scope, String name, Shape shape, long fanIn) {
    Ops init = scope.withInitScope();
    float std = (float) Math.sqrt(2.0 / fanIn);
    long index = drawIndex++;
    var draw = init.random.statelessRandomNormal(
        init.constant(shape.asArray()), init.constant(new long[] {seed, index}));
    Variable<TFloat32> v = scope.withName(name).variable(init.math.mul(draw, init.constant(std)));
    trainables.add(v);
    return v;
  }

  /** A variable of {@code shape} filled with {@code value}; trainable or a statistic. */
  public Variable<TFloat32> filled(Ops scope, String name, Shape shape, float value,
      boolean trainable) {
    Ops init = scope.withInitScope();
    var fill = init.fill(init.constant(shape.asArray()), init.constant(value));
    Variable<TFloat32> v = scope.withName(name).variable(fill);
    if (trainable) {
      trainables.add(v);
    } else {
      statistics.add(v);
    }
    return v;
  }

  /** Trainable variables in creation order. */
  public List<Variable<TFloat32>> trainables() {
    return List.copyOf(trainables);
  }

  /** BatchNorm moving averages in creation order. */
  public List<Variable<TFloat32>> statistics() {
    return List.copyOf(statistics);
  }
}
