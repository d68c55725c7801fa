package org.medcl.graphs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceGraphTest {

  @Test
  void restoredTrainingCheckpoint_givesIdenticalProbabilities(@TempDir Path dir) {
    String prefix = dir.resolve("ckpt").toString();
    StepConfig cfg = MedclStepGraphTest.tinyConfig();
    float[] x = SyntheticBatch.feeds(cfg, 9).images();
    float[] expected;
    float[] odd = java.util.Arrays.copyOf(x, 16 * 64);
    float[] expectedOdd;
    try (MedclStepGraph train = MedclStepGraph.build(cfg)) {
      for (int i = 0; i < 3; i++) {
        train.step(SyntheticBatch.feeds(cfg, i), 1e-2f);
      }
      train.save(prefix);
      expected = train.infer(x, 2, 32, 32);
      // one 16 x 64 slice made of the same values: another size through the same variables
      expectedOdd = train.infer(odd, 1, 16, 64);
    }
    try (InferenceGraph inf = InferenceGraph.create(cfg.unet())) {
      inf.restore(prefix);
      assertArrayEquals(expected, inf.infer(x, 2, 32, 32));
      assertArrayEquals(expectedOdd, inf.infer(odd, 1, 16, 64));
      assertEquals(1 * 16 * 64 * 4, expectedOdd.length);
    }
  }

  @Test
  void wrongInputLength_isRejected() {
    try (InferenceGraph inf = InferenceGraph.create(MedclStepGraphTest.tinyConfig().unet())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> inf.infer(new float[10], 1, 4, 4));
      assertEquals("expected 16 values (n*h*w*c) in images, found 10", e.getMessage());
    }
  }

  @Test
  void closedGraph_refusesToRun() {
    InferenceGraph inf = InferenceGraph.create(MedclStepGraphTest.tinyConfig().unet());
    inf.close();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> inf.infer(new float[16], 1, 4, 4));
    assertEquals("this InferenceGraph is closed", e.getMessage());
  }
}
