package org.medcl.tools.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

  private static TrainSlice slice(String id, int z, int h, int w, boolean labeled) {
    float[] image = new float[h * w];
    byte[] labels = labeled ? new byte[h * w] : null;
    for (int i = 0; i < h * w; i++) {
      image[i] = z * 1000 + i;
      if (labels != null) {
        labels[i] = (byte) (i % 3 == 0 ? -1 : 1);
      }
    }
    return new TrainSlice(id, z, h, w, 1, image, labels);
  }

  private static List<TrainSlice> slices(int labeled, int unlabeled) {
    List<TrainSlice> out = new ArrayList<>();
    for (int i = 0; i < labeled; i++) {
      out.add(slice("L", i, 10, 12, true));
    }
    for (int i = 0; i < unlabeled; i++) {
      out.add(slice("U", i, 10, 12, false));
    }
    return out;
  }

  @Test
  void batch_isAPureFunctionOfSeedAndStep() {
    BatchSampler a = new BatchSampler(slices(5, 0), 2, 8, 1, 1.0, -1, 42);
    BatchSampler b = new BatchSampler(slices(5, 0), 2, 8, 1, 1.0, -1, 42);
    b.batch(0);
    b.batch(1);
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(a.batch(7).get(i).image(), b.batch(7).get(i).image());
      assertArrayEquals(a.batch(7).get(i).labels(), b.batch(7).get(i).labels());
    }
  }

  @Test
  void epoch_drawsEveryLabelledSliceAmplificationTimes() {
    // 6 slices, batch 3, amplification 2: 4 steps draw 12 anchors, each slice twice.
    BatchSampler s = new BatchSampler(slices(6, 0), 3, 8, 2, 1.0, -1, 1);
    assertEquals(4, s.stepsPerEpoch());
    Map<Integer, Integer> counts = new HashMap<>();
    for (int step = 0; step < 4; step++) {
      for (BatchSampler.Crop c : s.batch(step)) {
        counts.merge(c.source().z(), 1, Integer::sum);
      }
    }
    assertEquals(6, counts.size());
    counts.values().forEach(n -> assertEquals(2, n));
  }

  @Test
  void mixedPools_keepTheRatioAndTheLargerPoolSetsTheEpoch() {
    // 2 labelled, 8 unlabelled, batch 4, ratio 1: 2 + 2 per batch; 8 unlabelled need 4 steps.
    BatchSampler s = new BatchSampler(slices(2, 8), 4, 8, 1, 1.0, -1, 3);
    assertEquals(2, s.labeledPerBatch());
    assertEquals(4, s.stepsPerEpoch());
    List<BatchSampler.Crop> b = s.batch(0);
    assertTrue(b.get(0).source().labeled() && b.get(1).source().labeled());
    assertNull(b.get(2).labels());
    assertNull(b.get(3).labels());
  }

  @Test
  void cropLargerThanSlice_padsImagesWithZeroAndLabelsAsUnannotated() {
    BatchSampler s = new BatchSampler(List.of(slice("L", 0, 4, 4, true)), 1, 16, 1, 1.0, -1, 5);
    BatchSampler.Crop c = s.batch(0).get(0);
    int zeros = 0;
    int unannotated = 0;
    for (int i = 0; i < 256; i++) {
      zeros += c.image()[i] == 0f ? 1 : 0;
      unannotated += c.labels()[i] == -1 ? 1 : 0;
    }
    // 16 x 16 crop of a 4 x 4 slice: at least 240 padded pixels (pixel 0 of the slice is 0 too).
    assertTrue(zeros >= 240, "zeros=" + zeros);
    assertTrue(unannotated >= 240, "unannotated=" + unannotated);
  }

  @Test
  void noLabelledSlice_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BatchSampler(slices(0, 3), 2, 8, 1, 1.0, -1, 1));
    assertTrue(e.getMessage().contains("no labelled training slice"), e.getMessage());
  }
}
