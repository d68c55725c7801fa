package org.medcl.graphs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medcl.ops.mixing.MixingConfig;
import org.medcl.ops.mixing.MixingDraws;

class StepFeedsTest {
  private static final StepConfig CFG = StepConfig.builder(2, 4, 3).build();

  private static StepFeeds valid() {
    MixingDraws d = MixingDraws.draw(MixingConfig.defaults(), 4, 4, 3, new SplittableRandom(1));
    return StepFeeds.of(new float[2 * 4 * 3], new float[2 * 4 * 3 * 4], new float[2], d);
  }

  @Test
  void fromDraws_takesTheirFloatsInOrder() {
    MixingDraws d = MixingDraws.draw(MixingConfig.defaults(), 4, 4, 3, new SplittableRandom(1));
    StepFeeds f = StepFeeds.of(new float[24], new float[96], new float[2], d);
    assertArrayEquals(d.thetaFloats(), f.theta());
    assertArrayEquals(d.boxFloats(), f.boxes());
    assertArrayEquals(d.betaPrimeFloats(), f.betaPrime());
    assertArrayEquals(d.betaFloats(), f.beta());
    valid().check(CFG);
  }

  @Test
  void targetsOfTheWrongLength_areRejectedWithTheFormula() {
    StepFeeds ok = valid();
    StepFeeds bad = new StepFeeds(ok.images(), new float[5], ok.known(), ok.theta(),
        ok.boxes(), ok.betaPrime(), ok.beta());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> bad.check(CFG));
    assertEquals("expected 96 values (B*h*w*(m+1)) in targets, found 5", e.getMessage());
  }

  @Test
  void drawsForBInsteadOf2B_areRejected() {
    MixingDraws d = MixingDraws.draw(MixingConfig.defaults(), 2, 4, 3, new SplittableRandom(1));
    StepFeeds f = StepFeeds.of(new float[24], new float[96], new float[2], d);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> f.check(CFG));
    assertEquals("expected 4 values (2B) in theta, found 2", e.getMessage());
  }

  @Test
  void missingArray_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StepFeeds(null, new float[0], new float[0], new float[0], new float[0],
            new float[0], new float[0]));
    assertEquals("every feed array must be set", e.getMessage());
  }
}
