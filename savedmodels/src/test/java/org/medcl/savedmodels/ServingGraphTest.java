package org.medcl.savedmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medcl.data.preprocess.Interpolation;
import org.medcl.data.preprocess.Resampler;
import org.medcl.graphs.InferenceGraph;
import org.medcl.models.UNetConfig;
import org.medcl.savedmodels.impl.SessionPipeline;

class ServingGraphTest {

  /** Raw test images [n, h, w, 1] around 300 with a gradient, so resampling matters. */
  private static float[] images(int n, int h, int w) {
    float[] d = new float[n * h * w];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          d[(i * h + y) * w + x] = 300f + 7f * x - 5f * y + 40f * i
              + 30f * (float) Math.sin(0.9 * x * y + i);
        }
      }
    }
    return d;
  }

  /**
   * The pipeline in Java, independently of the serving graph: z-score in double, Resampler to
   * the target size, the training code's InferenceGraph (same seed, so the same weights), and
   * zero padding / cropping in Java for VALID networks, Resampler back.
   */
  private static float[] reference(UNetConfig config, Double modelSpacing, float[] raw, int n,
      int h, int w, float mean, float std, double pixel) {
    int th = modelSpacing == null ? h : Resampler.targetSize(h, pixel, modelSpacing);
    int tw = modelSpacing == null ? w : Resampler.targetSize(w, pixel, modelSpacing);
    int ph = th;
    int pw = tw;
    if (config.padding() == org.medcl.models.Padding.VALID) {
      ph = org.medcl.savedmodels.impl.NetworkSizes.of(config).padded(th);
      pw = org.medcl.savedmodels.impl.NetworkSizes.of(config).padded(tw);
    }
    int oy = (ph - th) / 2;
    int ox = (pw - tw) / 2;
    int k = config.numClasses() + 1;
    float[] net = new float[n * ph * pw];
    float[] plane = new float[h * w];
    float[] small = new float[th * tw];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < h * w; j++) {
        plane[j] = (float) ((raw[i * h * w + j] - (double) mean) / std);
      }
      Resampler.resizePlane(plane, w, h, small, tw, th, Interpolation.LINEAR);
      for (int y = 0; y < th; y++) {
        System.arraycopy(small, y * tw, net, (i * ph + y + oy) * pw + ox, tw);
      }
    }
    float[] p;
    try (InferenceGraph g = InferenceGraph.create(config, TinyModels.THREADS)) {
      p = g.infer(net, n, ph, pw);
    }
    float[] out = new float[n * h * w * k];
    float[] cls = new float[th * tw];
    float[] back = new float[h * w];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        for (int y = 0; y < th; y++) {
          for (int x = 0; x < tw; x++) {
            cls[y * tw + x] = p[((i * ph + y + oy) * pw + x + ox) * k + c];
          }
        }
        Resampler.resizePlane(cls, tw, th, back, w, h, Interpolation.LINEAR);
        for (int j = 0; j < h * w; j++) {
          out[(i * h * w + j) * k + c] = back[j];
        }
      }
    }
    return out;
  }

  private static SessionPipeline.Batch serve(UNetConfig config, Double modelSpacing,
      float[] raw, int n, int h, int w, float mean, float std, double pixel) {
    try (ServingGraph g = ServingGraph.create(config, modelSpacing, TinyModels.THREADS)) {
      SessionPipeline p = new SessionPipeline(g.session(), g.signature(), 1,
          config.numClasses() + 1);
      float[] m = new float[n];
      float[] s = new float[n];
      java.util.Arrays.fill(m, mean);
      java.util.Arrays.fill(s, std);
      return p.run(raw, n, h, w, m, s, new float[] {(float) pixel, (float) pixel}, true);
    }
  }

  private static void assertMatches(float[] expected, SessionPipeline.Batch got, int k,
      double tol) {
    assertEquals(expected.length, got.probabilities().length);
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - got.probabilities()[i]));
    }
    assertTrue(max <= tol, "max abs difference " + max);
    // the graph's labels are the first arg-max of its own probabilities
    float[] p = got.probabilities();
    for (int v = 0; v < got.labels().length; v++) {
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (p[v * k + c] > p[v * k + best]) {
          best = c;
        }
      }
      assertEquals(best, got.labels()[v], "label of pixel " + v);
    }
  }

  @Test
  void sameNetwork_atCoarserSpacing_matchesTheJavaPipeline() {
    // 23 x 30 pixels of 0.75 mm at 1.5 mm: round(11.5) = 12 rows, 15 columns.
    UNetConfig config = TinyModels.same();
    float[] raw = images(2, 23, 30);
    float[] expected = reference(config, 1.5, raw, 2, 23, 30, 320f, 45f, 0.75);
    SessionPipeline.Batch got = serve(config, 1.5, raw, 2, 23, 30, 320f, 45f, 0.75);
    // float32 resampling in the graph against double weights in Java: about 1e-6
    assertMatches(expected, got, 4, 2e-5);
  }

  @Test
  void validNetwork_atNativeSpacing_padsAndCropsLikeTheJavaPipeline() {
    UNetConfig config = TinyModels.valid();
    float[] raw = images(3, 13, 21);
    float[] expected = reference(config, null, raw, 3, 13, 21, 300f, 80f, 0.75);
    SessionPipeline.Batch got = serve(config, null, raw, 3, 13, 21, 300f, 80f, 0.75);
    assertMatches(expected, got, 4, 2e-5);
  }

  @Test
  void flatChannel_isOnlyCentred() {
    // std 0: the graph uses 1 / std = 1, as ZScore does; compare with std 1 fed directly.
    UNetConfig config = TinyModels.same();
    float[] raw = images(1, 16, 16);
    SessionPipeline.Batch flat = serve(config, null, raw, 1, 16, 16, 300f, 0f, 1.0);
    SessionPipeline.Batch one = serve(config, null, raw, 1, 16, 16, 300f, 1f, 1.0);
    assertEquals(java.util.Arrays.toString(one.probabilities()),
        java.util.Arrays.toString(flat.probabilities()));
  }

  @Test
  void signature_hasTheServingNamesTypesAndShapes() {
    try (ServingGraph g = ServingGraph.create(TinyModels.same(), 1.25, TinyModels.THREADS)) {
      assertEquals(java.util.List.of(), ServingSignature.problems(g.signature(), 1, 4));
      java.util.List<String> three = ServingSignature.problems(g.signature(), 3, 4);
      assertEquals("expected 3 input channels, found 1", three.get(0));
      assertEquals("mean has shape [-1], expected [-1, 3]", three.get(1));
    }
  }

  @Test
  void badSpacing_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServingGraph.create(TinyModels.same(), -1.0, TinyModels.THREADS));
    assertEquals("model spacing must be positive or null, found -1.0", e.getMessage());
  }

  @Test
  void closedGraph_refusesUse_andCloseIsIdempotent() {
    ServingGraph g = ServingGraph.create(TinyModels.same(), null, TinyModels.THREADS);
    g.close();
    g.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, g::session);
    assertEquals("this ServingGraph is closed", e.getMessage());
  }
}
