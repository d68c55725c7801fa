package org.medcl.graphs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medcl.graphs.LossWeights;
import org.medcl.graphs.StepConfig;
import org.medcl.graphs.StepFeeds;

class TrainStepBenchmarkTest {

  @Test
  void weights_parseInTheirDocumentedOrder() {
    assertEquals(new LossWeights(0, 1, 0.5, 1, 2),
        TrainStepBenchmark.parseWeights("0, 1,0.5,1,2"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainStepBenchmark.parseWeights("1,1"));
    assertEquals("expected 5 comma-separated weights (mix, cluster, ac, scribble, category),"
        + " found '1,1'", e.getMessage());
  }

  @Test
  void syntheticFeeds_fitTheConfig_andLabelEverySecondSlice() {
    StepConfig cfg = StepConfig.builder(4, 20, 20).build();
    StepFeeds f = TrainStepBenchmark.synthetic(cfg, new SplittableRandom(1));
    f.check(cfg);
    assertEquals(1f, f.known()[0]);
    assertEquals(0f, f.known()[1]);
  }

  @Test
  void peakRss_isReadFromProcOnLinux() {
    assertTrue(TrainStepBenchmark.peakRssMb() > 0);
  }

  @Test
  void unknownOption_isRejectedListingTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainStepBenchmark.main(new String[] {"--size", "32", "--fast", "1"}));
    assertTrue(e.getMessage().startsWith("unknown option --fast, expected --preset"),
        e.getMessage());
  }
}
