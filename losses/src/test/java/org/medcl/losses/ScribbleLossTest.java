package org.medcl.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medcl.ops.Fetch;
import org.medcl.ops.testing.GradientCheck;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class ScribbleLossTest {

  private static final UnionChain CHAIN = UnionChain.mscmr();
  private static final int N = 2;
  private static final int H = 2;
  private static final int W = 3;
  private static final int PIXELS = N * H * W;
  private static final int C = 4;
  private static final int U = 2;

  private static float[] random(int size, long seed, double lo, double hi) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) r.nextDouble(lo, hi);
    }
    return x;
  }

  /**
   * Soft targets like those of an intra mix: pixels 0 and 7 unannotated, pixel 3 half RV and
   * half MYO, pixel 5 with mass 0.6 of LV only, the others one-hot.
   */
  private static float[] targets() {
    float[] t = new float[PIXELS * C];
    int[] labels = {-1, 0, 1, -1, 2, -1, 3, -1, 0, 2, 3, 1};
    for (int p = 0; p < PIXELS; p++) {
      if (labels[p] >= 0) {
        t[p * C + labels[p]] = 1f;
      }
    }
    t[3 * C + 1] = 0.5f;
    t[3 * C + 2] = 0.5f;
    t[5 * C + 3] = 0.6f;
    return t;
  }

  private static Operand<TFloat32> shaped(Ops tf, float[] v, int channels) {
    return tf.reshape(tf.constant(v), tf.constant(new int[] {N, H, W, channels}));
  }

  private static float[] run(ScribbleLoss loss, float[] logits, float[] unionLogits,
      float[] t) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ScribbleTerms terms = loss.apply(tf, shaped(tf, logits, C), shaped(tf, unionLogits, U),
          shaped(tf, t, C));
      List<float[]> out = Fetch.run(s, Map.of(),
          List.of(terms.ce(), terms.dice(), terms.unionBce(), terms.total()));
      return new float[] {out.get(0)[0], out.get(1)[0], out.get(2)[0], out.get(3)[0]};
    }
  }

  /** The four terms in double precision, straight from METHOD.md section 6. */
  private static double[] reference(float[] logits, float[] unionLogits, float[] t) {
    double ceSum = 0;
    double mass = 0;
    double[] overlap = new double[C];
    double[] size = new double[C];
    double bceSum = 0;
    for (int p = 0; p < PIXELS; p++) {
      double z = 0;
      for (int i = 0; i < C; i++) {
        z += Math.exp(logits[p * C + i]);
      }
      double c = 0;
      for (int i = 0; i < C; i++) {
        c += t[p * C + i];
      }
      mass += c;
      for (int i = 0; i < C; i++) {
        double prob = Math.exp(logits[p * C + i]) / z;
        ceSum -= t[p * C + i] * Math.log(prob);
        overlap[i] += t[p * C + i] * prob * c;
        size[i] += (t[p * C + i] + prob) * c;
      }
      if (c > 0) {
        for (int k = 0; k < U; k++) {
          double y = 0;
          for (int i : CHAIN.targetChannels(k)) {
            y += t[p * C + i];
          }
          y /= c;
          double zk = unionLogits[p * U + k];
          double sig = 1 / (1 + Math.exp(-zk));
          bceSum -= c * (y * Math.log(sig) + (1 - y) * Math.log(1 - sig));
        }
      }
    }
    double dice = 0;
    for (int i = 0; i < C; i++) {
      dice += (2 * overlap[i] + 1e-6) / (size[i] + 1e-6) / C;
    }
    double ce = ceSum / mass;
    double bce = bceSum / (mass * U);
    return new double[] {ce, 1 - dice, bce, ce + 1 - dice + bce};
  }

  @Test
  void handPixel_givesLogThreeAndHalfDiceAndLogTwo() {
    // m = 2, union {1, 2}; one image of 1 x 2 pixels, all logits 0 so p = 1/3 each and the
    // union sigmoid is 1/2. Pixel 0 is class 1, pixel 1 unannotated (c = 0).
    // CE = -log(1/3) = 1.0986123.
    // D_0 = D_2 = 1e-6 / (1/3 + 1e-6) = 2.99999e-6; D_1 = (2/3 + 1e-6) / (4/3 + 1e-6) =
    // 0.50000037; Dice term = 1 - (0.50000037 + 2 * 2.99999e-6) / 3 = 0.8333312.
    // Union target 1 at pixel 0: BCE = softplus(0) - 0 = log 2 = 0.6931472.
    UnionChain chain = new UnionChain(2, List.of(Set.of(1, 2)));
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ScribbleTerms terms = ScribbleLoss.defaults(chain).apply(tf,
          tf.zeros(tf.constant(new int[] {1, 1, 2, 3}), TFloat32.class),
          tf.zeros(tf.constant(new int[] {1, 1, 2, 1}), TFloat32.class),
          tf.constant(new float[][][][] {{{{0, 1, 0}, {0, 0, 0}}}}));
      List<float[]> out = Fetch.run(s, Map.of(),
          List.of(terms.ce(), terms.dice(), terms.unionBce(), terms.total()));
      assertEquals(1.0986123f, out.get(0)[0], 1e-6f);
      assertEquals(0.8333312f, out.get(1)[0], 1e-6f);
      assertEquals(0.6931472f, out.get(2)[0], 1e-6f);
      assertEquals(1.0986123f + 0.8333312f + 0.6931472f, out.get(3)[0], 2e-6f);
    }
  }

  @Test
  void softTargets_matchDoublePrecisionReference() {
    float[] logits = random(PIXELS * C, 1, -2, 2);
    float[] unionLogits = random(PIXELS * U, 2, -2, 2);
    float[] t = targets();
    float[] got = run(ScribbleLoss.defaults(CHAIN), logits, unionLogits, t);
    double[] expected = reference(logits, unionLogits, t);
    for (int i = 0; i < 4; i++) {
      assertEquals(expected[i], got[i], 1e-5, "term " + i);
    }
  }

  @Test
  void predictionsAtUnannotatedPixels_neverChangeTheLoss() {
    float[] logits = random(PIXELS * C, 3, -2, 2);
    float[] unionLogits = random(PIXELS * U, 4, -2, 2);
    float[] t = targets();
    float[] before = run(ScribbleLoss.defaults(CHAIN), logits, unionLogits, t);
    float[] otherLogits = logits.clone();
    float[] otherUnions = unionLogits.clone();
    for (int p : new int[] {0, 7}) {
      for (int i = 0; i < C; i++) {
        otherLogits[p * C + i] += 5f * (i + 1);
      }
      otherUnions[p * U] -= 7f;
      otherUnions[p * U + 1] += 3f;
    }
    float[] after = run(ScribbleLoss.defaults(CHAIN), otherLogits, otherUnions, t);
    assertArrayEquals(before, after, 1e-7f);
    // Control: the same change at an annotated pixel does change the loss.
    otherLogits = logits.clone();
    otherLogits[C] += 5f;
    float[] changed = run(ScribbleLoss.defaults(CHAIN), otherLogits, unionLogits, t);
    assertTrue(Math.abs(changed[3] - before[3]) > 1e-3, "control " + changed[3]);
  }

  @Test
  void noAnnotatedPixel_givesZeroForEveryTerm() {
    float[] zero = new float[PIXELS * C];
    float[] got = run(ScribbleLoss.defaults(CHAIN), random(PIXELS * C, 5, -2, 2),
        random(PIXELS * U, 6, -2, 2), zero);
    assertArrayEquals(new float[] {0, 0, 0, 0}, got, 1e-6f);
  }

  @Test
  void unionBceOff_givesCePlusDiceOnly() {
    float[] logits = random(PIXELS * C, 7, -2, 2);
    float[] unionLogits = random(PIXELS * U, 8, -2, 2);
    float[] on = run(ScribbleLoss.defaults(CHAIN), logits, unionLogits, targets());
    float[] off = run(new ScribbleLoss(CHAIN, false), logits, unionLogits, targets());
    assertEquals(0f, off[2]);
    assertEquals(on[0] + on[1], off[3], 1e-6f);
    assertTrue(on[2] > 0);
  }

  @Test
  void gradientWithRespectToClassLogits_matchesCentralDifferences() {
    float[] unionLogits = random(PIXELS * U, 9, -2, 2);
    float[] t = targets();
    GradientCheck.Outcome o = GradientCheck.check((tf, x) -> ScribbleLoss.defaults(CHAIN)
        .apply(tf, x, shaped(tf, unionLogits, U), shaped(tf, t, C)).total(),
        random(PIXELS * C, 10, -2, 2), 1e-2f, N, H, W, C);
    assertTrue(o.maxAbsAnalytic() > 1e-2, "gradient " + o.maxAbsAnalytic());
    assertTrue(o.maxAbsDifference() < 1e-3, "max difference " + o.maxAbsDifference());
  }

  @Test
  void gradientWithRespectToUnionLogits_matchesCentralDifferences() {
    float[] logits = random(PIXELS * C, 11, -2, 2);
    float[] t = targets();
    float[] z = random(PIXELS * U, 12, -2, 2);
    z[4] = 0f;
    GradientCheck.Outcome o = GradientCheck.check((tf, x) -> ScribbleLoss.defaults(CHAIN)
        .apply(tf, shaped(tf, logits, C), x, shaped(tf, t, C)).total(),
        z, 1e-2f, N, H, W, U);
    assertTrue(o.maxAbsAnalytic() > 1e-2, "gradient " + o.maxAbsAnalytic());
    assertTrue(o.maxAbsDifference() < 1e-3, "max difference " + o.maxAbsDifference());
  }

  @Test
  void targetsWithWrongChannelCount_areRejected() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ScribbleLoss.defaults(CHAIN).apply(tf,
              tf.zeros(tf.constant(new int[] {1, 2, 2, 4}), TFloat32.class),
              tf.zeros(tf.constant(new int[] {1, 2, 2, 2}), TFloat32.class),
              tf.zeros(tf.constant(new int[] {1, 2, 2, 5}), TFloat32.class)));
      assertEquals("expected 4 channels in targets, found shape [1, 2, 2, 5]", e.getMessage());
    }
  }
}
