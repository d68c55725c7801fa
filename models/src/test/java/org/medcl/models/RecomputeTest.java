package org.medcl.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * {@link ActivationMemory#RECOMPUTE} against {@link ActivationMemory#KEEP}: same outputs, same
 * gradients of every trainable variable, the same moving averages after the BatchNorm updates,
 * and a backward pass that reads no inner activation of the forward pass.
 */
class RecomputeTest {

  /** Depth 2, 4 base filters, large dropout so that a mask mismatch would show. */
  private static UNetConfig same(UpMode up) {
    return UNetConfig.builder().depth(2).baseFilters(4).upMode(up)
        .dropoutRates(List.of(0.3f, 0.3f, 0.3f)).build();
  }

  /** The reference preset's layout at depth 2: VALID convolutions, input pad, nearest + conv. */
  private static UNetConfig valid() {
    UNetConfig.Builder b = UNetConfig.builder().depth(2).baseFilters(4)
        .padding(Padding.VALID).upMode(UpMode.NEAREST_CONV).upFilters(List.of(4, 4))
        .convBias(true).dropoutRates(List.of(0.3f, 0.3f, 0.3f));
    for (int pad = 0; pad < 64; pad++) {
      UNetConfig c = b.inputPad(pad).build();
      if (UNet.bodyOutputSize(c, 20) >= 20) {
        return c;
      }
    }
    throw new IllegalStateException("no input pad fits 20");
  }

  @Test
  void activationMemory_parsesItsKeys_andNamesTheLegalOnes() {
    assertEquals(ActivationMemory.KEEP, ActivationMemory.parse("keep"));
    assertEquals(ActivationMemory.RECOMPUTE, ActivationMemory.parse(" Recompute "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ActivationMemory.parse("swap"));
    assertEquals("unknown activation memory 'swap', expected one of keep, recompute",
        e.getMessage());
  }

  @Test
  void samePadding_transposedUp_gradientsMatchThePlainBackward() {
    compare(same(UpMode.TRANSPOSED), 24, 20);
  }

  @Test
  void samePadding_nearestUp_oddSize_gradientsMatchThePlainBackward() {
    compare(same(UpMode.NEAREST_CONV), 21, 18);
  }

  @Test
  void validPadding_likeTheReference_gradientsMatchThePlainBackward() {
    UNetConfig c = valid();
    assertTrue(c.inputPad() > 0, "pad " + c.inputPad());
    compare(c, 20, 20);
  }

  /**
   * One net, two TRAINING forwards of the same input with the same dropout seed, a loss that
   * reads the class and union maps with fixed random weights; every gradient of the recomputing
   * backward equals the plain one to float rounding.
   */
  private static void compare(UNetConfig config, int h, int w) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      UNet net = UNet.create(tf, config);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(3, h, w, 1)));
      Operand<TInt64> seed = tf.constant(new long[] {5L, 9L});
      UNetOutput keep = net.forward(tf, x, Mode.TRAINING, seed, ActivationMemory.KEEP);
      UNetOutput rec = net.forward(tf, x, Mode.TRAINING, seed, ActivationMemory.RECOMPUTE);
      assertEquals(keep.batchNormUpdates().size(), rec.batchNormUpdates().size());
      assertEquals(keep.layers(), rec.layers());
      List<Variable<TFloat32>> vars = net.trainableVariables();
      List<Operand<TFloat32>> gk = keep.backward().gradients(tf, loss(tf, keep, h, w), vars);
      List<Operand<TFloat32>> gr = rec.backward().gradients(tf, loss(tf, rec, h, w), vars);
      assertEquals(vars.size(), gr.size());

      float[] in = TfTestSupport.randomValues(21, 3 * h * w);
      try (TFloat32 t = TfTestSupport.tensor(in, 3, h, w, 1)) {
        Session.Runner r = s.runner().feed(x, t).fetch(keep.probabilities())
            .fetch(rec.probabilities());
        gk.forEach(r::fetch);
        gr.forEach(r::fetch);
        try (Result res = r.run()) {
          assertClose(TfTestSupport.values(res.get(0)), TfTestSupport.values(res.get(1)), 1e-6,
              0, "probabilities");
          int n = vars.size();
          double largest = 0;
          for (int i = 0; i < n; i++) {
            for (float v : TfTestSupport.values(res.get(2 + i))) {
              largest = Math.max(largest, Math.abs(v));
            }
          }
          assertTrue(largest > 1e-3, "gradients are all near 0: " + largest);
          // 1e-4 of each variable's largest gradient, and 1e-5 of the largest of all for the
          // biases before BatchNorm, whose exact gradient is 0 and computed one is rounding
          for (int i = 0; i < n; i++) {
            float[] a = TfTestSupport.values(res.get(2 + i));
            float[] b = TfTestSupport.values(res.get(2 + n + i));
            assertClose(a, b, 1e-4, 1e-5 * largest, "gradient of " + vars.get(i).op().name());
          }
        }
      }
      assertBackwardReadsOnlyBoundaries(g);
      assertSameMovingAverages(g, net, x, in, h, w, keep, rec);
    }
  }

  /**
   * Running each forward's BatchNorm updates once, each in a fresh session of the graph, leaves
   * the same moving means and variances, and they moved from their initial 0 and 1.
   */
  private static void assertSameMovingAverages(Graph g, UNet net, Placeholder<TFloat32> x,
      float[] in, int h, int w, UNetOutput keep, UNetOutput rec) {
    List<Variable<TFloat32>> stats = net.statisticVariables();
    float[][] a = movingAverages(g, stats, x, in, h, w, keep);
    float[][] b = movingAverages(g, stats, x, in, h, w, rec);
    boolean moved = false;
    for (int i = 0; i < stats.size(); i++) {
      assertClose(a[i], b[i], 1e-6, 1e-7, stats.get(i).op().name());
      float initial = stats.get(i).op().name().endsWith("moving_variance") ? 1f : 0f;
      for (float v : a[i]) {
        moved |= Math.abs(v - initial) > 1e-4;
      }
    }
    assertTrue(moved, "no moving average changed");
  }

  private static float[][] movingAverages(Graph g, List<Variable<TFloat32>> stats,
      Placeholder<TFloat32> x, float[] in, int h, int w, UNetOutput out) {
    try (Session s = new Session(g); TFloat32 t = TfTestSupport.tensor(in, 3, h, w, 1)) {
      Session.Runner r = s.runner().feed(x, t);
      out.batchNormUpdates().forEach(r::addTarget);
      r.run().close();
      float[][] values = new float[stats.size()][];
      Session.Runner read = s.runner();
      stats.forEach(read::fetch);
      try (Result res = read.run()) {
        for (int i = 0; i < stats.size(); i++) {
          values[i] = TfTestSupport.values(res.get(i));
        }
      }
      return values;
    }
  }

  private static Operand<TFloat32> loss(Ops tf, UNetOutput out, int h, int w) {
    Operand<TFloat32> r1 = tf.constant(Shape.of(3, h, w, 4),
        DataBuffers.of(TfTestSupport.randomValues(3, 3 * h * w * 4)));
    Operand<TFloat32> r2 = tf.constant(Shape.of(3, h, w, 2),
        DataBuffers.of(TfTestSupport.randomValues(4, 3 * h * w * 2)));
    Operand<TInt32> axes = tf.constant(new int[] {0, 1, 2, 3});
    return tf.math.add(tf.reduceSum(tf.math.mul(out.probabilities(), r1), axes),
        tf.reduceSum(tf.math.mul(out.unions(), r2), axes));
  }

  private static void assertClose(float[] a, float[] b, double rel, double abs, String what) {
    assertEquals(a.length, b.length, what);
    double scale = 0;
    for (float v : a) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], rel * scale + abs + 1e-7, what + " [" + i + "]");
    }
  }

  /**
   * The recomputing backward pass (ops under {@code recompute/}) reads from the recomputing
   * forward ({@code unet_train_1/}) no float tensor but convolution outputs and the padded
   * input: not one BatchNorm, LeakyReLU, dropout, pooling, upsampling or concatenation output.
   * Other reads are integer shapes and the boolean dropout masks. No op under it assigns a
   * variable: a rebuild must not update the moving averages a second time.
   */
  private static void assertBackwardReadsOnlyBoundaries(Graph g) {
    Set<String> boundaries = Set.of("BiasAdd", "Conv2D", "Conv2DBackpropInput", "Pad",
        "PadV2");
    Set<String> floatReads = new HashSet<>();
    int reads = 0;
    for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (!op.name().startsWith("recompute/")) {
        continue;
      }
      assertFalse(op.type().startsWith("Assign"), op.name() + " is an " + op.type());
      for (int i = 0; i < op.numInputs(); i++) {
        var in = op.input(i);
        GraphOperation src = (GraphOperation) in.op();
        if (!src.name().startsWith("unet_train_1/")) {
          continue;
        }
        reads++;
        if (in.type() == TFloat32.class) {
          floatReads.add(src.type());
          assertTrue(boundaries.contains(src.type()), op.name() + " reads the forward's "
              + src.type() + " output " + src.name());
        }
      }
    }
    assertTrue(reads > 0, "no reads of the forward found: scope names changed?");
    assertTrue(floatReads.contains("PadV2") && floatReads.size() > 1,
        "expected the padded input and convolution outputs, found " + floatReads);
  }
}
