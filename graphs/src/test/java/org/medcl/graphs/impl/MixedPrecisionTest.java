package org.medcl.graphs.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.medcl.graphs.ThreadSettings;
import org.medcl.models.Precision;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

class MixedPrecisionTest {

  @Test
  void bfloat16_turnsOnTheOnednnRewrite_andKeepsTheThreads() {
    ConfigProto base = new ThreadSettings(2, 1).toConfigProto();
    ConfigProto p = MixedPrecision.apply(base, Precision.BFLOAT16);
    assertEquals(RewriterConfig.Toggle.ON,
        p.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
    assertEquals(2, p.getIntraOpParallelismThreads());
    assertEquals(1, p.getInterOpParallelismThreads());
  }

  @Test
  void float32_leavesTheOptionsAsTheyAre() {
    ConfigProto base = new ThreadSettings(2, 1).toConfigProto();
    assertSame(base, MixedPrecision.apply(base, Precision.FLOAT32));
  }

  @Test
  void bfloat16_fallsBackToFloat32_onCpusWithoutIt() {
    assertEquals(Precision.FLOAT32, MixedPrecision.effective(Precision.BFLOAT16, false, "1"));
    assertEquals(Precision.BFLOAT16, MixedPrecision.effective(Precision.BFLOAT16, true, "1"));
    assertEquals(Precision.BFLOAT16, MixedPrecision.effective(Precision.BFLOAT16, true, null));
    assertEquals(Precision.FLOAT32, MixedPrecision.effective(Precision.FLOAT32, true, "1"));
  }

  @Test
  void bfloat16_fallsBackToFloat32_whenOnednnIsOff() {
    assertEquals(Precision.FLOAT32, MixedPrecision.effective(Precision.BFLOAT16, true, "0"));
  }
}
