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
    BatchSampler a = new BatchSampler(slices(5, 0), 2, 8, 1, 1.0, 0.0, -1, 42);
    BatchSampler b = new BatchSampler(slices(5, 0), 2, 8, 1, 1.0, 0.0, -1, 42);
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
    BatchSampler s = new BatchSampler(slices(6, 0), 3, 8, 2, 1.0, 0.0, -1, 1);
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
  void mixedPools_addUnlabelledSlicesToTheLabelledBatchAndTheLargerPoolSetsTheEpoch() {
    // 2 labelled, 8 unlabelled, 2 labelled per batch, ratio 1: 2 + 2 per batch; the 8
    // unlabelled slices need 4 steps, the 2 labelled ones 1 (then recycled).
    BatchSampler s = new BatchSampler(slices(2, 8), 2, 8, 1, 1.0, 0.0, -1, 3);
    assertEquals(2, s.labeledPerBatch());
    assertEquals(4, s.batchSize());
    assertEquals(4, s.stepsPerEpoch());
    List<BatchSampler.Crop> b = s.batch(0);
    assertTrue(b.get(0).source().labeled() && b.get(1).source().labeled());
    assertNull(b.get(2).labels());
    assertNull(b.get(3).labels());
    // ratio 0.5 with 4 labelled per batch: 2 unlabelled added
    assertEquals(6, new BatchSampler(slices(4, 8), 4, 8, 1, 0.5, 0.0, -1, 3).batchSize());
    // no unlabelled slice: the batch is the labelled slices alone
    assertEquals(4, new BatchSampler(slices(6, 0), 4, 8, 1, 1.0, 0.0, -1, 3).batchSize());
  }

  @Test
  void randomCrops_coverTheWholeSliceWhileForegroundCropsStayNearTheHeart() {
    // One 64 x 64 labelled slice whose only foreground pixel is at (8, 8); 8 x 8 crops.
    // Foreground crops start within 8/4 = 2 pixels of 8 - 4 = 4; random crops anywhere in
    // [0, 56]. The crop origin is recovered from the image, whose pixel value is y * 64 + x.
    TrainSlice one = ramp(64);
    BatchSampler near = new BatchSampler(List.of(one), 1, 8, 1, 1.0, 0.0, -1, 9);
    BatchSampler wide = new BatchSampler(List.of(one), 1, 8, 1, 1.0, 1.0, -1, 9);
    int farNear = 0;
    int farWide = 0;
    for (int step = 0; step < 200; step++) {
      int y0 = (int) near.batch(step).get(0).image()[0] / 64;
      assertTrue(y0 >= 2 && y0 <= 6, "foreground crop origin y=" + y0);
      farNear += y0 > 16 ? 1 : 0;
      float v = wide.batch(step).get(0).image()[0];
      int wy = (int) v / 64;
      int wx = (int) v % 64;
      assertTrue(wy >= 0 && wy <= 56 && wx >= 0 && wx <= 56, "random crop origin " + wy);
      farWide += wy > 16 ? 1 : 0;
    }
    assertEquals(0, farNear);
    // uniform over 57 origins: about 40 of 57 are beyond 16; 200 draws give ~140
    assertTrue(farWide > 100, "random crops beyond y=16: " + farWide);
  }

  @Test
  void randomCrops_outsideZeroOne_areRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new BatchSampler(slices(2, 0), 1, 8, 1, 1.0, 1.5, -1, 1));
  }

  /** A labelled n x n slice whose image value is y * n + x + 0.5, foreground only at (8, 8). */
  private static TrainSlice ramp(int n) {
    float[] image = new float[n * n];
    byte[] labels = new byte[n * n];
    java.util.Arrays.fill(labels, (byte) -1);
    for (int i = 0; i < n * n; i++) {
      image[i] = i + 0.5f;
    }
    labels[8 * n + 8] = 1;
    return new TrainSlice("R", 0, n, n, 1, image, labels);
  }

  @Test
  void cropLargerThanSlice_padsImagesWithZeroAndLabelsAsUnannotated() {
    BatchSampler s =
        new BatchSampler(List.of(slice("L", 0, 4, 4, true)), 1, 16, 1, 1.0, 0.0, -1, 5);
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
        () -> new BatchSampler(slices(0, 3), 2, 8, 1, 1.0, 0.0, -1, 1));
    assertTrue(e.getMessage().contains("no labelled training slice"), e.getMessage());
  }
}
