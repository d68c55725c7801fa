package org.medcl.graphs.distributed.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medcl.graphs.distributed.BatchNormSync;
import org.medcl.models.Mode;
import org.medcl.models.UNet;
import org.medcl.models.UNetConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class ReplicaForwardTest {
  private static final UNetConfig NET = UNetConfig.builder().depth(2).baseFilters(4)
      .dropoutRates(List.of(0f, 0f, 0f)).build();

  @Test
  void twoSynchronisedShards_giveTheRowsOfTheNetworksOwnTrainingForward() {
    float[] x = new float[4 * 16 * 16];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> all = tf.constant(Shape.of(4, 16, 16, 1), DataBuffers.of(x));
      UNet net = UNet.create(tf, NET);
      // reference: the UNet's own TRAINING forward, FusedBatchNormV3 over the 4 images
      Operand<TFloat32> expected = net.forward(tf, all, Mode.TRAINING).probabilities();
      ReplicaForward f = new ReplicaForward(net, tf.withSubScope("sync"),
          List.of(tf.withSubScope("replica0"), tf.withSubScope("replica1")),
          BatchNormSync.SYNCHRONISED);
      var halves = tf.splitV(all, tf.constant(new long[] {2, 2}), tf.constant(0), 2L);
      List<ReplicaForward.Heads> heads = f.apply(List.of(halves.output().get(0),
          halves.output().get(1)), tf.constant(new long[] {1, 0}));
      Operand<TFloat32> got = tf.concat(List.of(heads.get(0).probabilities(),
          heads.get(1).probabilities()), tf.constant(0));
      // 12 BatchNorm layers at depth 2 (3 encoder levels x 2, 2 decoder steps x (up + 2)),
      // two moving-average assigns each, built once for both replicas
      assertEquals(2 * 12, f.batchNormUpdates().size(), "two assigns per BatchNorm layer");
      try (Session s = new Session(g); Result res = s.runner().fetch(expected).fetch(got).run()) {
        float[] a = new float[4 * 16 * 16 * 4];
        float[] b = new float[a.length];
        ((TFloat32) res.get(0)).copyTo(DataBuffers.of(a, false, false));
        ((TFloat32) res.get(1)).copyTo(DataBuffers.of(b, false, false));
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
          worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        // probabilities in [0, 1]; float32 differences of the two BatchNorm formulations
        assertEquals(0, worst, 1e-5, "largest probability difference");
      }
    }
  }

  @Test
  void shardCountOtherThanReplicas_isRejected() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      UNet net = UNet.create(tf, NET);
      ReplicaForward f = new ReplicaForward(net, tf, List.of(tf.withSubScope("replica0"),
          tf.withSubScope("replica1")), BatchNormSync.PER_REPLICA);
      Operand<TFloat32> x = tf.zeros(tf.constant(new long[] {1, 16, 16, 1}), TFloat32.class);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> f.apply(List.of(x), tf.constant(new long[] {1, 0})));
      assertEquals("expected one shard per replica (2), found 1", e.getMessage());
    }
  }
}
