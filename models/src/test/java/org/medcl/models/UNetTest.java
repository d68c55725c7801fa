package org.medcl.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class UNetTest {

  private static UNetConfig tiny() {
    return UNetConfig.builder().depth(2).baseFilters(4).build();
  }

  @Test
  void smallPreset_at96_givesClassAndUnionMapsOfTheInputSize() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      UNet net = UNet.create(tf, UNetConfig.small());
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(2, 96, 96, 1)));
      UNetOutput out = net.forward(tf, x, Mode.TRAINING);
      assertEquals(Shape.of(2, 96, 96, 4), out.probabilities().shape());
      assertEquals(Shape.of(2, 96, 96, 4), out.classLogits().shape());
      assertEquals(Shape.of(2, 96, 96, 2), out.unions().shape());
      // 10 encoder + 4 up + 8 decoder BatchNorms, two assigns each
      assertEquals(2 * 22, out.batchNormUpdates().size());
    }
  }

  @Test
  void smallPreset_atOddSize_padsInsideAndCropsBack_probabilitiesSumToOne() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      UNet net = UNet.create(tf, UNetConfig.small());
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(1, 100, 90, 1)));
      UNetOutput out = net.forward(tf, x, Mode.INFERENCE);
      assertEquals(Shape.of(1, 100, 90, 4), out.probabilities().shape());
      assertEquals(Shape.of(1, 100, 90, 2), out.unions().shape());
      try (TFloat32 in = TfTestSupport.tensor(TfTestSupport.randomValues(1, 9000), 1, 100, 90, 1);
          var r = s.runner().feed(x, in).fetch(out.probabilities()).fetch(out.unions()).run()) {
        assertEquals(Shape.of(1, 100, 90, 4), r.get(0).shape());
        float[] p = TfTestSupport.values(r.get(0));
        for (int i = 0; i < p.length; i += 4) {
          assertEquals(1.0, p[i] + p[i + 1] + p[i + 2] + p[i + 3], 1e-5);
        }
        for (float u : TfTestSupport.values(r.get(1))) {
          assertTrue(u > 0f && u < 1f, "sigmoid outside (0, 1): " + u);
        }
      }
    }
  }

  @Test
  void unknownSpatialSize_isHandledAtRunTime() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      UNet net = UNet.create(tf, tiny());
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, -1, -1, 1)));
      UNetOutput out = net.forward(tf, x, Mode.INFERENCE);
      try (TFloat32 in = TfTestSupport.tensor(TfTestSupport.randomValues(2, 3 * 13 * 7), 3, 13,
          7, 1); var r = s.runner().feed(x, in).fetch(out.probabilities()).run()) {
        assertEquals(Shape.of(3, 13, 7, 4), r.get(0).shape());
      }
    }
  }

  @Test
  void referencePreset_maps212To212_withTheAuthorsBodyParameterCount() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      UNet net = UNet.create(tf, UNetConfig.reference());
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(1, 212, 212, 1)));
      UNetOutput out = net.forward(tf, x, Mode.TRAINING);
      assertEquals(Shape.of(1, 212, 212, 4), out.probabilities().shape());
      assertEquals(Shape.of(1, 212, 212, 2), out.unions().shape());
      // count from the variables' own shapes, head (1 x 1 output convolutions) excluded
      long body = 0;
      long head = 0;
      for (Variable<TFloat32> v : net.trainableVariables()) {
        long n = v.shape().size();
        if (v.op().name().startsWith("unet/head/")) {
          head += n;
        } else {
          body += n;
        }
      }
      assertEquals(25_759_128L, body);
      // head: 64 * 4 + 4 class and 64 * 2 + 2 union parameters
      assertEquals(260 + 130, head);
    }
  }

  @Test
  void referencePreset_rejectsASizeItCannotMapBack() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      UNet net = UNet.create(tf, UNetConfig.reference());
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(1, 96, 96, 1)));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> net.forward(tf, x, Mode.INFERENCE));
      assertTrue(e.getMessage().startsWith("input side 96 does not fit this UNet (VALID"),
          e.getMessage());
    }
  }

  @Test
  void bodyOutputSize_followsTheValidConvolutionArithmetic() {
    // 212 + 184 = 396 -> 392 -> 196 -> 192 -> 96 -> 92 -> 46 -> 42 -> 21 -> 17;
    // up: 34 -> 30, 60 -> 56, 112 -> 108, 216 -> 212
    assertEquals(212, UNet.bodyOutputSize(UNetConfig.reference(), 212));
    // 96 + 184 = 280 -> 276 -> 138 -> 134 -> 67: odd before a pooling
    assertEquals(-1, UNet.bodyOutputSize(UNetConfig.reference(), 96));
    assertEquals(112, UNet.bodyOutputSize(UNetConfig.small(), 100));
  }

  @Test
  void wrongChannelCount_isRejectedWithTheShape() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      UNet net = UNet.create(tf, tiny());
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(1, 16, 16, 3)));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> net.forward(tf, x, Mode.INFERENCE));
      assertEquals("expected 1 input channel(s), found 3 in images of shape [1, 16, 16, 3]",
          e.getMessage());
    }
  }

  @Test
  void twoForwards_shareTheVariables_andNamesFollowTheLayout() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      UNet net = UNet.create(tf, tiny());
      int before = countVariables(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(1, 16, 16, 1)));
      net.forward(tf, x, Mode.TRAINING);
      net.forward(tf, x, Mode.INFERENCE);
      assertEquals(before, countVariables(g));
      List<String> names = new ArrayList<>();
      net.trainableVariables().forEach(v -> names.add(v.op().name()));
      net.statisticVariables().forEach(v -> names.add(v.op().name()));
      assertTrue(names.contains("unet/enc0/conv0/kernel"), names.toString());
      assertTrue(names.contains("unet/enc0/conv0/bn/gamma"));
      assertTrue(names.contains("unet/enc2/conv1/bn/moving_variance"));
      assertTrue(names.contains("unet/dec0/up/kernel"));
      assertTrue(names.contains("unet/dec1/conv1/bn/moving_mean"));
      assertTrue(names.contains("unet/head/class/bias"));
      assertTrue(names.contains("unet/head/union/kernel"));
      assertFalse(names.contains("unet/enc0/conv0/bias"), "small preset has no conv bias");
    }
  }

  @Test
  void sameSeed_givesSameWeightsAndOutputs_otherSeedDiffers() {
    float[] a = inferOnce(tiny());
    float[] b = inferOnce(tiny());
    float[] c = inferOnce(tiny().toBuilder().seed(99).build());
    assertArrayEquals(a, b);
    assertFalse(java.util.Arrays.equals(a, c));
  }

  @Test
  void trainingDropout_dependsOnTheSeed_inferenceHasNone() {
    UNetConfig cfg = tiny().toBuilder().dropoutRates(List.of(0.5f, 0.5f, 0.5f)).build();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      UNet net = UNet.create(tf, cfg);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(2, 16, 16, 1)));
      var seedA = tf.constant(new long[] {1, 1});
      var seedB = tf.constant(new long[] {1, 2});
      var trainA = net.forward(tf, x, Mode.TRAINING, seedA).probabilities();
      var trainA2 = net.forward(tf, x, Mode.TRAINING, seedA).probabilities();
      var trainB = net.forward(tf, x, Mode.TRAINING, seedB).probabilities();
      var infer = net.forward(tf, x, Mode.INFERENCE).probabilities();
      var infer2 = net.forward(tf, x, Mode.INFERENCE).probabilities();
      try (TFloat32 in = TfTestSupport.tensor(TfTestSupport.randomValues(5, 512), 2, 16, 16, 1);
          var r = s.runner().feed(x, in).fetch(trainA).fetch(trainA2).fetch(trainB)
              .fetch(infer).fetch(infer2).run()) {
        assertArrayEquals(TfTestSupport.values(r.get(0)), TfTestSupport.values(r.get(1)));
        assertFalse(java.util.Arrays.equals(TfTestSupport.values(r.get(0)),
            TfTestSupport.values(r.get(2))));
        assertArrayEquals(TfTestSupport.values(r.get(3)), TfTestSupport.values(r.get(4)));
      }
    }
  }

  private static float[] inferOnce(UNetConfig cfg) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      UNet net = UNet.create(tf, cfg);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(1, 8, 8, 1)));
      var p = net.forward(tf, x, Mode.INFERENCE).probabilities();
      try (TFloat32 in = TfTestSupport.tensor(TfTestSupport.randomValues(3, 64), 1, 8, 8, 1)) {
        return TfTestSupport.run(s, p, x, in);
      }
    }
  }

  private static int countVariables(Graph g) {
    int n = 0;
    var it = g.operations();
    while (it.hasNext()) {
      if (it.next().type().equals("VariableV2")) {
        n++;
      }
    }
    return n;
  }
}
