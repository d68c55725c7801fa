package org.medcl.ops.mixing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixingDrawsTest {

  @Test
  void draws_lieInTheirRanges() {
    int h = 40;
    int w = 30;
    MixingDraws d = MixingDraws.draw(MixingConfig.defaults(), 500, h, w, new SplittableRandom(1));
    assertEquals(500, d.size());
    double[] theta = d.theta();
    int[][] boxes = d.boxes();
    for (int b = 0; b < d.size(); b++) {
      assertTrue(theta[b] >= 0 && theta[b] < 2 * Math.PI, "theta " + theta[b]);
      int[] box = boxes[b];
      int bh = box[2] - box[0];
      int bw = box[3] - box[1];
      // round(0.9 * 40) = 36, round(0.9 * 30) = 27.
      assertTrue(bh >= 36 && bh <= h, "box height " + bh);
      assertTrue(bw >= 27 && bw <= w, "box width " + bw);
      assertTrue(box[0] >= 0 && box[2] <= h && box[1] >= 0 && box[3] <= w, "box in slice");
      assertTrue(d.betaPrime()[b] >= 0 && d.betaPrime()[b] <= 1);
      assertTrue(d.beta()[b] >= 0 && d.beta()[b] <= 1);
    }
  }

  @Test
  void sameSeed_givesSameDraws() {
    MixingDraws a = MixingDraws.draw(MixingConfig.defaults(), 4, 8, 8, new SplittableRandom(9));
    MixingDraws b = MixingDraws.draw(MixingConfig.defaults(), 4, 8, 8, new SplittableRandom(9));
    assertArrayEquals(a.theta(), b.theta());
    assertArrayEquals(a.boxFloats(), b.boxFloats());
    assertArrayEquals(a.betaPrime(), b.betaPrime());
    assertArrayEquals(a.beta(), b.beta());
  }

  @Test
  void fixedConfig_givesKnownAnglesAndBoxes() {
    // theta fixed at 90 degrees, box side fixed at 0.5 of 4 = 2 pixels.
    MixingConfig fixed = new MixingConfig(0.5, 90, 90, 0.5, 0.5);
    MixingDraws d = MixingDraws.draw(fixed, 2, 4, 4, new SplittableRandom(5));
    assertArrayEquals(new float[] {(float) (Math.PI / 2), (float) (Math.PI / 2)},
        d.thetaFloats());
    for (int[] box : d.boxes()) {
      assertEquals(2, box[2] - box[0]);
      assertEquals(2, box[3] - box[1]);
    }
  }

  @Test
  void boxMaskFloats_markExactlyTheBoxPixels() {
    MixingDraws d = MixingDraws.draw(MixingConfig.defaults(), 3, 10, 12, new SplittableRandom(2));
    float[] mask = d.boxMaskFloats();
    int[][] boxes = d.boxes();
    for (int b = 0; b < 3; b++) {
      for (int y = 0; y < 10; y++) {
        for (int x = 0; x < 12; x++) {
          boolean inside = y >= boxes[b][0] && y < boxes[b][2] && x >= boxes[b][1]
              && x < boxes[b][3];
          assertEquals(inside ? 1f : 0f, mask[(b * 10 + y) * 12 + x]);
        }
      }
    }
    float[] flat = d.boxFloats();
    assertEquals(boxes[2][3], flat[11]);
  }

  @Test
  void floatViews_matchTheDoubles() {
    MixingDraws d = MixingDraws.draw(MixingConfig.defaults(), 3, 8, 8, new SplittableRandom(4));
    for (int b = 0; b < 3; b++) {
      assertEquals((float) d.betaPrime()[b], d.betaPrimeFloats()[b]);
      assertEquals((float) d.beta()[b], d.betaFloats()[b]);
      assertEquals((float) d.theta()[b], d.thetaFloats()[b]);
    }
  }

  @Test
  void zeroImages_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MixingDraws.draw(MixingConfig.defaults(), 0, 8, 8, new SplittableRandom(1)));
    assertEquals("expected at least 1 image of at least 1 x 1 pixels, found n=0 height=8 width=8",
        e.getMessage());
  }
}
