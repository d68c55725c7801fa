package org.medcl.graphs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.losses.ClusterLoss;
import org.medcl.models.ActivationMemory;
import org.medcl.models.Precision;
import org.medcl.models.UNetConfig;
import org.tensorflow.Result;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.types.TFloat32;

class MedclStepGraphTest {
  private static final float LR = 1e-3f;

  /** B = 2 slices of 32 x 32, a depth-2 UNet with 4 base filters, d = 16 prototypes. */
  static StepConfig tinyConfig() {
    UNetConfig unet = UNetConfig.builder().depth(2).baseFilters(4).build();
    return StepConfig.builder(2, 32, 32).unet(unet)
        .cluster(new ClusterLoss(3, 16, org.medcl.ops.Sinkhorn.defaults(), 0.1, 0.1, 1))
        .build();
  }

  @Test
  void firstStep_givesFiniteTerms_whoseWeightedSumIsTheTotal() {
    try (MedclStepGraph g = MedclStepGraph.build(tinyConfig(), new ThreadSettings(1, 1))) {
      StepResult r = g.step(SyntheticBatch.feeds(g.config(), 1), LR);
      assertTrue(r.allFinite(), r.toString());
      assertEquals(1, r.step());
      assertEquals(1, g.globalStep());
      assertEquals(r.mix() + r.cluster() + r.ac() + r.scribble() + r.category(), r.total(),
          1e-5);
      assertEquals(r.ce() + r.dice() + r.unionBce(), r.scribble(), 1e-5);
      // L_mix is a mean of negative cosines of non-negative maps: in [-1, 0]
      assertTrue(r.mix() <= 0 && r.mix() >= -1, "mix " + r.mix());
      assertTrue(r.scribble() > 0, "scribble " + r.scribble());
    }
  }

  @Test
  void sameSeed_givesTheSameFirstTenLosses() {
    List<StepResult> a = tenSteps();
    List<StepResult> b = tenSteps();
    assertEquals(a, b);
    assertNotEquals(a.get(0).total(), a.get(9).total());
  }

  /**
   * The recomputing backward gives the same gradients up to float rounding, so five steps of
   * Adam on the same feeds give the same losses (to 1e-4 relative) as keeping every
   * activation; the first step's forward is the same graph, so its losses agree exactly.
   */
  @Test
  void recomputedActivations_giveTheSameLossesAsKeptOnes() {
    StepConfig keep = tinyConfig();
    StepConfig rec = keep.toBuilder().activationMemory(ActivationMemory.RECOMPUTE).build();
    List<StepResult> a = new ArrayList<>();
    List<StepResult> b = new ArrayList<>();
    try (MedclStepGraph gk = MedclStepGraph.build(keep, new ThreadSettings(1, 1));
        MedclStepGraph gr = MedclStepGraph.build(rec, new ThreadSettings(1, 1))) {
      // the recomputing backward is the one built: its segments exist only in that graph
      assertEquals(0, countOps(gk, "recompute/"));
      assertTrue(countOps(gr, "recompute/") > 100, "recompute ops: " + countOps(gr,
          "recompute/"));
      for (int i = 0; i < 5; i++) {
        a.add(gk.step(SyntheticBatch.feeds(keep, 300 + i), LR));
        b.add(gr.step(SyntheticBatch.feeds(rec, 300 + i), LR));
      }
    }
    assertEquals(a.get(0).total(), b.get(0).total(), 1e-6 * Math.abs(a.get(0).total()));
    for (int i = 0; i < 5; i++) {
      assertEquals(a.get(i).total(), b.get(i).total(), 1e-4 * Math.abs(a.get(i).total()),
          "total at step " + (i + 1));
      assertEquals(a.get(i).scribble(), b.get(i).scribble(),
          1e-4 * Math.abs(a.get(i).scribble()), "scribble at step " + (i + 1));
    }
    assertNotEquals(a.get(0).total(), a.get(4).total());
  }

  @Test
  void bfloat16Step_tracksTheFloat32Step_onCpusWithBfloat16() {
    assumeTrue(Precision.bfloat16Supported(), "this CPU has no bfloat16 instructions");
    assumeTrue(!"0".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS")), "oneDNN is turned off");
    StepConfig f32 = tinyConfig();
    StepConfig bf16 = f32.toBuilder().precision(Precision.BFLOAT16).build();
    try (MedclStepGraph a = MedclStepGraph.build(f32, new ThreadSettings(1, 1));
        MedclStepGraph b = MedclStepGraph.build(bf16, new ThreadSettings(1, 1))) {
      StepFeeds feeds = SyntheticBatch.feeds(f32, 3);
      double firstA = 0;
      double firstB = 0;
      double lastA = 0;
      double lastB = 0;
      for (int i = 0; i < 8; i++) {
        StepResult ra = a.step(feeds, 1e-2f);
        StepResult rb = b.step(feeds, 1e-2f);
        assertTrue(rb.allFinite(), rb.toString());
        if (i == 0) {
          firstA = ra.scribble();
          firstB = rb.scribble();
          // the same weights: the first losses differ by bfloat16 rounding only, not by a
          // different computation (near initialisation the softmax is almost uniform, so the
          // totals agree closely)
          assertEquals(ra.total(), rb.total(), 0.02 * Math.abs(ra.total()), "first total");
          assertEquals(Precision.BFLOAT16, b.precision());
        }
        if (i == 1) {
          // the rewrite ran: the traced step executes its bfloat16 casts
          RunMetadata[] meta = new RunMetadata[1];
          b.step(feeds, 0f, meta);
          long casts = meta[0].getStepStats().getDevStatsList().stream()
              .flatMap(d -> d.getNodeStatsList().stream())
              .filter(n -> n.getNodeName().contains("AutoMixedPrecision")).count();
          assertTrue(casts > 0, "no AutoMixedPrecision casts ran in the bfloat16 step");
          a.step(feeds, 0f);
        }
        lastA = ra.scribble();
        lastB = rb.scribble();
      }
      // both learn the batch
      assertTrue(lastA < 0.8 * firstA, "float32 scribble " + firstA + " -> " + lastA);
      assertTrue(lastB < 0.8 * firstB, "bfloat16 scribble " + firstB + " -> " + lastB);
    }
  }

  @Test
  void zeroWeights_dropTheirTermsFromTheObjective() {
    StepConfig cfg = tinyConfig().toBuilder().weights(new LossWeights(0, 0, 0, 1, 0)).build();
    try (MedclStepGraph g = MedclStepGraph.build(cfg)) {
      StepResult r = g.step(SyntheticBatch.feeds(cfg, 1), LR);
      assertEquals(0.0, r.mix());
      assertEquals(0.0, r.cluster());
      assertEquals(0.0, r.ac());
      assertEquals(0.0, r.category());
      assertEquals(r.scribble(), r.total(), 1e-6);
    }
  }

  @Test
  void repeatedStepsOnOneBatch_lowerTheScribbleLoss() {
    try (MedclStepGraph g = MedclStepGraph.build(tinyConfig())) {
      StepFeeds feeds = SyntheticBatch.feeds(g.config(), 3);
      double first = g.step(feeds, 1e-2f).scribble();
      double last = first;
      for (int i = 0; i < 14; i++) {
        last = g.step(feeds, 1e-2f).scribble();
      }
      assertTrue(last < 0.8 * first, "scribble loss " + first + " -> " + last);
    }
  }

  @Test
  void step_updatesBatchNormMovingAverages() {
    try (MedclStepGraph g = MedclStepGraph.build(tinyConfig())) {
      float[] before = movingMean(g);
      g.step(SyntheticBatch.feeds(g.config(), 1), LR);
      float[] after = movingMean(g);
      // initial 0; after one update 0.1 * batch mean, which is not 0 for these inputs
      assertArrayEquals(new float[before.length], before);
      assertTrue(Math.abs(after[0]) > 0, "moving mean stayed " + after[0]);
    }
  }

  @Test
  void learningRateIsFed_zeroLeavesWeightsUnchanged() {
    try (MedclStepGraph g = MedclStepGraph.build(tinyConfig())) {
      float[] k0 = variable(g, "unet/enc0/conv0/kernel");
      g.step(SyntheticBatch.feeds(g.config(), 5), 0f);
      float[] k1 = variable(g, "unet/enc0/conv0/kernel");
      g.step(SyntheticBatch.feeds(g.config(), 5), LR);
      float[] k2 = variable(g, "unet/enc0/conv0/kernel");
      assertArrayEquals(k0, k1);
      assertTrue(!java.util.Arrays.equals(k1, k2), "a positive rate must move the kernel");
    }
  }

  @Test
  void checkpoint_restoresWeightsOptimizerSlotsAndStep(@TempDir Path dir) {
    String prefix = dir.resolve("ckpt").toString();
    List<StepResult> continued = new ArrayList<>();
    float[] probs;
    StepConfig cfg = tinyConfig();
    float[] x = SyntheticBatch.feeds(cfg, 7).images();
    try (MedclStepGraph a = MedclStepGraph.build(cfg)) {
      a.step(SyntheticBatch.feeds(cfg, 1), LR);
      a.step(SyntheticBatch.feeds(cfg, 2), LR);
      a.save(prefix);
      probs = a.infer(x, 2, 32, 32);
      continued.add(a.step(SyntheticBatch.feeds(cfg, 3), LR));
      continued.add(a.step(SyntheticBatch.feeds(cfg, 4), LR));
    }
    try (MedclStepGraph b = MedclStepGraph.build(cfg.toBuilder().seed(999).build())) {
      b.restore(prefix);
      assertEquals(2, b.globalStep());
      assertArrayEquals(probs, b.infer(x, 2, 32, 32));
      // another seed initialises differently; the restore overwrites every variable
    }
    try (MedclStepGraph c = MedclStepGraph.build(cfg)) {
      c.restore(prefix);
      assertEquals(continued.get(0), c.step(SyntheticBatch.feeds(cfg, 3), LR));
      assertEquals(continued.get(1), c.step(SyntheticBatch.feeds(cfg, 4), LR));
    }
  }

  @Test
  void wrongFeedSize_isRejectedWithCounts() {
    try (MedclStepGraph g = MedclStepGraph.build(tinyConfig())) {
      StepFeeds ok = SyntheticBatch.feeds(g.config(), 1);
      StepFeeds bad = new StepFeeds(ok.images(), ok.targets(), new float[3], ok.theta(),
          ok.boxes(), ok.betaPrime(), ok.beta());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> g.step(bad, LR));
      assertEquals("expected 2 values (B) in known, found 3", e.getMessage());
    }
  }

  @Test
  void closedGraph_refusesToRun() {
    MedclStepGraph g = MedclStepGraph.build(tinyConfig());
    g.close();
    g.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, g::globalStep);
    assertEquals("this MedclStepGraph is closed", e.getMessage());
  }

  @Test
  void trainables_areTheNetworkAndThePrototypesOnly() {
    try (MedclStepGraph g = MedclStepGraph.build(tinyConfig())) {
      List<String> names = new ArrayList<>();
      g.trainableVariables().forEach(v -> names.add(v.op().name()));
      assertEquals(MedclStepGraph.PROTOTYPES, names.get(names.size() - 1));
      for (String n : names) {
        assertTrue(n.startsWith("unet/") || n.equals(MedclStepGraph.PROTOTYPES), n);
        assertTrue(!n.contains("moving_"), n);
      }
    }
  }

  private static List<StepResult> tenSteps() {
    List<StepResult> out = new ArrayList<>();
    StepConfig cfg = tinyConfig();
    try (MedclStepGraph g = MedclStepGraph.build(cfg)) {
      for (int i = 0; i < 10; i++) {
        out.add(g.step(SyntheticBatch.feeds(cfg, 100 + i), LR));
      }
    }
    return out;
  }

  private static int countOps(MedclStepGraph g, String prefix) {
    int n = 0;
    for (var it = g.graph().operations(); it.hasNext(); ) {
      if (it.next().name().startsWith(prefix)) {
        n++;
      }
    }
    return n;
  }

  private static float[] movingMean(MedclStepGraph g) {
    return variable(g, "unet/enc0/conv0/bn/moving_mean");
  }

  private static float[] variable(MedclStepGraph g, String name) {
    var op = g.graph().operation(name);
    try (Result r = g.session().runner().fetch(op.output(0)).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] v = new float[(int) t.size()];
      t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(v, false, false));
      return v;
    }
  }
}
