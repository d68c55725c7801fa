package org.medcl.savedmodels.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medcl.graphs.ThreadSettings;
import org.medcl.models.UNetConfig;
import org.medcl.savedmodels.ServingGraph;

class SessionPipelineTest {
  private static ServingGraph graph;
  private static SessionPipeline pipeline;

  @BeforeAll
  static void build() {
    graph = ServingGraph.create(UNetConfig.builder().depth(1).baseFilters(2).build(), null,
        new ThreadSettings(1, 1));
    pipeline = new SessionPipeline(graph.session(), graph.signature(), 1, 4);
  }

  @AfterAll
  static void close() {
    graph.close();
  }

  @Test
  void outputs_landAtTheGivenOffsets() {
    float[] img = new float[2 * 3 * 5];
    for (int i = 0; i < img.length; i++) {
      img[i] = i;
    }
    float[] m = {10f, 10f};
    float[] s = {4f, 4f};
    SessionPipeline.Batch fresh = pipeline.run(img, 2, 3, 5, m, s, new float[] {1, 1}, true);
    float[] prob = new float[7 + 2 * 3 * 5 * 4];
    int[] lab = new int[3 + 2 * 3 * 5];
    pipeline.run(img, 2, 3, 5, m, s, new float[] {1, 1}, prob, 7, lab, 3);
    for (int i = 0; i < fresh.probabilities().length; i++) {
      assertEquals(fresh.probabilities()[i], prob[7 + i]);
    }
    for (int i = 0; i < fresh.labels().length; i++) {
      assertEquals(fresh.labels()[i], lab[3 + i]);
    }
    assertEquals(0f, prob[6]);
  }

  @Test
  void wrongSizes_areRejected() {
    float[] sp = {1, 1};
    IllegalArgumentException img = assertThrows(IllegalArgumentException.class,
        () -> pipeline.run(new float[5], 1, 2, 3, new float[1], new float[1], sp, true));
    assertEquals("expected 6 image values (n*h*w*c), found 5", img.getMessage());
    IllegalArgumentException stats = assertThrows(IllegalArgumentException.class,
        () -> pipeline.run(new float[12], 2, 2, 3, new float[1], new float[2], sp, true));
    assertEquals("expected 2 means and stds, found 1 and 2", stats.getMessage());
    IllegalArgumentException spacing = assertThrows(IllegalArgumentException.class,
        () -> pipeline.run(new float[6], 1, 2, 3, new float[1], new float[1], new float[3],
            true));
    assertEquals("expected spacing (y, x), found 3 values", spacing.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> pipeline.run(new float[6], 1, 2, 3, new float[1], new float[1], sp, null, 0,
            null, 0));
    assertEquals("expected probabilities, labels or both to fetch", none.getMessage());
  }
}
