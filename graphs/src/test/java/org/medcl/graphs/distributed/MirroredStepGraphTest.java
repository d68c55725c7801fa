package org.medcl.graphs.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.graphs.MedclStepGraph;
import org.medcl.graphs.StepConfig;
import org.medcl.graphs.StepFeeds;
import org.medcl.graphs.StepResult;
import org.medcl.graphs.SyntheticBatch;
import org.medcl.graphs.ThreadSettings;
import org.medcl.losses.ClusterLoss;
import org.medcl.models.UNetConfig;
import org.medcl.ops.Sinkhorn;
import org.medcl.graphs.distributed.impl.SessionDevices;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.types.TFloat32;

class MirroredStepGraphTest {
  private static final ThreadSettings THREADS = new ThreadSettings(1, 2);

  /** B slices of 32 x 32, depth-2 UNet with 4 base filters, no dropout, d = 16 prototypes. */
  static StepConfig tiny(int batch) {
    UNetConfig unet = UNetConfig.builder().depth(2).baseFilters(4)
        .dropoutRates(List.of(0f, 0f, 0f)).build();
    return StepConfig.builder(batch, 32, 32).unet(unet)
        .cluster(new ClusterLoss(3, 16, Sinkhorn.defaults(), 0.1, 0.1, 1)).build();
  }

  @Test
  void twoCpuReplicas_gatheredSynchronised_giveTheSingleDeviceGradients_onTheirOwnDevices() {
    StepConfig cfg = tiny(8);
    StepFeeds feeds = SyntheticBatch.feeds(cfg, 7);
    List<float[]> reference = singleDeviceGradients(cfg, feeds, new double[1]);
    try (MirroredStepGraph g = MirroredStepGraph.build(cfg, MirroredConfig.cpus(2), THREADS)) {
      RunMetadata[] meta = new RunMetadata[1];
      List<float[]> mirrored = g.gradients(feeds, meta);
      assertEquals(reference.size(), mirrored.size());
      double worst = 0;
      for (int i = 0; i < mirrored.size(); i++) {
        worst = Math.max(worst, relative(mirrored.get(i), reference.get(i)));
      }
      // relative error ||g_mirrored - g_single|| / ||g_single||, per variable and over all;
      // float32 summation order. With oneDNN off: 8.4e-6 over all gradients as one vector,
      // every run; the same code on ONE replica already differs from MedclStepGraph by 6.1e-6
      // (BatchNorm from moments instead of FusedBatchNormV3), by up to 5.8e-5 on single
      // BatchNorm betas, whose gradients are sums that cancel. With oneDNN on (the build sets
      // TF_ENABLE_ONEDNN_OPTS=1 for tests) 6.8e-6 and 1.6e-5 in two runs: the mirrored graph
      // is not bitwise reproducible there, MedclStepGraph is (0 against itself).
      // The build runs this test twice: with oneDNN (bound 3e-5) and, in the execution
      // onednn-off of graphs/pom.xml, without it, where the 1e-5 holds.
      // TODO: find which oneDNN kernel of the two-device graph varies between runs; until
      // then the oneDNN run keeps the looser bound.
      boolean oneDnn = !"0".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS"));
      double bound = oneDnn ? 3e-5 : 1e-5;
      double global = globalRelative(mirrored, reference);
      assertTrue(global < bound, "relative gradient difference " + global + " (oneDNN "
          + (oneDnn ? "on" : "off") + ", bound " + bound + ")");
      assertTrue(worst < 1e-4, "worst relative gradient difference of one variable " + worst);

      // where the ops ran, from the step statistics of the traced run (node names survive
      // the kernel rewrites of oneDNN and Grappler, op types do not)
      List<Set<String>> filterGrads = List.of(new TreeSet<>(), new TreeSet<>());
      List<Set<String>> ran = List.of(new TreeSet<>(), new TreeSet<>());
      for (DeviceStepStats d : meta[0].getStepStats().getDevStatsList()) {
        int k = d.getDevice().endsWith("CPU:1") ? 1 : d.getDevice().endsWith("CPU:0") ? 0 : -1;
        for (NodeExecStats n : d.getNodeStatsList()) {
          if (k < 0) {
            continue;
          }
          ran.get(k).add(n.getNodeName());
          if (n.getNodeName().startsWith("Gradients/Conv2DBackpropFilter")) {
            filterGrads.get(k).add(n.getNodeName());
          }
        }
      }
      // depth 2: 5 blocks of two 3 x 3 convs, 2 transposed up convs, 2 heads: 14 kernels per
      // replica, each with one Conv2DBackpropFilter on its replica's device
      assertEquals(14, filterGrads.get(1).size(), "on CPU:1 " + filterGrads.get(1));
      assertEquals(14, filterGrads.get(0).size(), "on CPU:0 " + filterGrads.get(0));
      for (int k = 0; k < 2; k++) {
        String own = "replica" + k + "/";
        String other = "replica" + (1 - k) + "/";
        long mine = ran.get(k).stream().filter(n -> n.startsWith(own)).count();
        // the forward of one replica is a few hundred nodes (convs, moments, activations)
        assertTrue(mine > 100, own + " nodes on CPU:" + k + ": " + mine);
        // the partitioner's transfer nodes (<producer>/_N) run where the value is received
        List<String> strays = ran.get(k).stream().filter(n -> n.startsWith(other)
            && !n.matches(".*/_\\d+")).toList();
        assertTrue(strays.isEmpty(), other + " nodes ran on CPU:" + k + ": " + strays);
      }
    }
  }

  @Test
  void perReplicaTerms_areTheMeanOfSingleDeviceStepsOnEachShard() {
    StepConfig cfg = tiny(4);
    StepFeeds feeds = SyntheticBatch.feeds(cfg, 11);
    MirroredConfig mc = MirroredConfig.cpus(2).withBatchTerms(BatchTerms.PER_REPLICA)
        .withBatchNorm(BatchNormSync.PER_REPLICA);
    double[] totals = new double[2];
    List<List<float[]>> shardGrads = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      StepConfig half = tiny(2);
      StepFeeds shard = shard(feeds, cfg, k, 2);
      double[] total = new double[1];
      shardGrads.add(singleDeviceGradients(half, shard, total));
      totals[k] = total[0];
    }
    try (MirroredStepGraph g = MirroredStepGraph.build(cfg, mc, THREADS)) {
      List<float[]> grads = g.gradients(feeds);
      StepResult r = g.step(feeds, 0f);
      assertEquals((totals[0] + totals[1]) / 2, r.total(), 1e-5 * Math.abs(r.total()));
      double worst = 0;
      List<float[]> meanOfShards = new ArrayList<>();
      for (int i = 0; i < grads.size(); i++) {
        float[] mean = new float[grads.get(i).length];
        for (int j = 0; j < mean.length; j++) {
          mean[j] = (shardGrads.get(0).get(i)[j] + shardGrads.get(1).get(i)[j]) / 2;
        }
        meanOfShards.add(mean);
        worst = Math.max(worst, relative(grads.get(i), mean));
      }
      // each replica computes a single-device step on its shard, with BatchNorm from moments
      // instead of FusedBatchNormV3: the float32 differences of the gathered test above
      double global = globalRelative(grads, meanOfShards);
      assertTrue(global < 1e-5, "relative gradient difference " + global);
      assertTrue(worst < 1e-4, "worst relative gradient difference of one variable " + worst);
    }
  }

  @Test
  void checkpoint_restoresIntoTheSingleDeviceStep_andAClosedGraphRefusesWork(
      @TempDir Path dir) {
    StepConfig cfg = tiny(2);
    String prefix = dir.resolve("ckpt").toString();
    float[] images = Arrays.copyOf(SyntheticBatch.feeds(cfg, 5).images(), 32 * 32);
    float[] expected;
    MirroredStepGraph g = MirroredStepGraph.build(cfg, MirroredConfig.cpus(2), THREADS);
    try {
      StepResult r = g.step(SyntheticBatch.feeds(cfg, 5), 1e-2f);
      assertTrue(r.allFinite(), r.toString());
      assertEquals(1, g.globalStep());
      g.save(prefix);
      expected = g.infer(images, 1, 32, 32);
    } finally {
      g.close();
    }
    g.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, g::globalStep);
    assertEquals("this MirroredStepGraph is closed", e.getMessage());
    try (MedclStepGraph single = MedclStepGraph.build(cfg, THREADS)) {
      single.restore(prefix);
      assertEquals(1, single.globalStep());
      assertArrayEquals(expected, single.infer(images, 1, 32, 32), 1e-6f);
    }
  }

  @Test
  void batchNotAMultipleOfReplicas_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MirroredStepGraph.build(tiny(3), MirroredConfig.cpus(2), THREADS));
    assertEquals("batch B = 3 must be a multiple of the replica count R = 2 (devices "
        + "[/device:CPU:0, /device:CPU:1])", e.getMessage());
  }

  @Test
  void gpuDevice_withoutAVisibleGpu_failsNamingTheDevice() {
    try (Graph probe = new Graph(); Session s = new Session(probe)) {
      assumeTrue(SessionDevices.visible(s).stream().noneMatch(d -> d.contains("GPU")),
          "a GPU is visible: this test checks the message when none is");
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MirroredStepGraph.build(tiny(2), MirroredConfig.parse("gpu:0,gpu:1"), THREADS));
    assertTrue(e.getMessage().startsWith("device /device:GPU:0 was asked for but TensorFlow"
        + " sees only [/job:localhost/replica:0/task:0/device:CPU:0]"), e.getMessage());
    assertTrue(e.getMessage().endsWith("(no GPU visible: a CPU build, no NVIDIA driver, or CUDA"
        + " 12 / cuDNN 9 libraries not on the loader path)"), e.getMessage());
  }

  /** Gradients of MedclStepGraph: one step at rate 0 leaves Adam's m = (1 - beta1) g. */
  static List<float[]> singleDeviceGradients(StepConfig cfg, StepFeeds feeds, double[] total) {
    try (MedclStepGraph g = MedclStepGraph.build(cfg, THREADS)) {
      total[0] = g.step(feeds, 0f).total();
      double scale = 1.0 - cfg.adam().beta1();
      List<float[]> out = new ArrayList<>();
      for (var v : g.trainableVariables()) {
        try (Result r = g.session().runner().fetch(MedclStepGraph.OPTIMIZER + "/"
            + v.op().name() + "/m").run()) {
          TFloat32 m = (TFloat32) r.get(0);
          float[] a = new float[(int) m.size()];
          m.copyTo(DataBuffers.of(a, false, false));
          for (int i = 0; i < a.length; i++) {
            a[i] = (float) (a[i] / scale);
          }
          out.add(a);
        }
      }
      return out;
    }
  }

  /** Slices {@code [k s, (k+1) s)} of {@code feeds} with their view rows {@code i}, B + i. */
  static StepFeeds shard(StepFeeds f, StepConfig cfg, int k, int s) {
    int b = cfg.batch();
    int img = cfg.height() * cfg.width() * cfg.channels();
    int tgt = cfg.height() * cfg.width() * (cfg.numClasses() + 1);
    return new StepFeeds(Arrays.copyOfRange(f.images(), k * s * img, (k + 1) * s * img),
        Arrays.copyOfRange(f.targets(), k * s * tgt, (k + 1) * s * tgt),
        Arrays.copyOfRange(f.known(), k * s, (k + 1) * s),
        views(f.theta(), k, s, b, 1), views(f.boxes(), k, s, b, 4),
        views(f.betaPrime(), k, s, b, 1), views(f.beta(), k, s, b, 1));
  }

  private static float[] views(float[] x, int k, int s, int b, int width) {
    float[] out = new float[2 * s * width];
    System.arraycopy(x, k * s * width, out, 0, s * width);
    System.arraycopy(x, (b + k * s) * width, out, s * width, s * width);
    return out;
  }

  /** {@code ||a - b|| / ||b||} over all variables' gradients taken as one vector. */
  static double globalRelative(List<float[]> a, List<float[]> b) {
    double diff = 0;
    double norm = 0;
    for (int v = 0; v < a.size(); v++) {
      for (int i = 0; i < a.get(v).length; i++) {
        double d = a.get(v)[i] - (double) b.get(v)[i];
        diff += d * d;
        norm += (double) b.get(v)[i] * b.get(v)[i];
      }
    }
    return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
  }

  static double relative(float[] a, float[] b) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      diff += (a[i] - (double) b[i]) * (a[i] - (double) b[i]);
      norm += (double) b[i] * b[i];
    }
    return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
  }
}
