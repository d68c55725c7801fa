package org.medcl.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

class ThreadSettingsTest {

  @Test
  void explicitCounts_goIntoThePerSessionConfig() {
    ConfigProto p = new ThreadSettings(2, 1).toConfigProto();
    assertEquals(2, p.getIntraOpParallelismThreads());
    assertEquals(1, p.getInterOpParallelismThreads());
    assertTrue(p.getUsePerSessionThreads());
  }

  @Test
  void automatic_usesTheGlobalPools() {
    ConfigProto p = ThreadSettings.automatic().toConfigProto();
    assertEquals(0, p.getIntraOpParallelismThreads());
    assertFalse(p.getUsePerSessionThreads());
  }

  @Test
  void negativeCount_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ThreadSettings(-1, 0));
    assertEquals("thread counts must be >= 0, found intraOp=-1 interOp=0", e.getMessage());
  }
}
