package org.medcl.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.medcl.data.Geometry;
import org.medcl.data.TestVolumes;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiDatatype;

class ZScoreTest {
  @Test
  void fourValues_giveHandComputedScores() {
    // mean 2.5; population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
    Volume v = TestVolumes.of(2, 2, 1, new double[] {1, 1, 1}, 1, 2, 3, 4);
    ZScore.Stats s = ZScore.stats(v)[0];
    assertEquals(2.5, s.mean(), 1e-12);
    assertEquals(Math.sqrt(1.25), s.std(), 1e-12);
    double sd = Math.sqrt(1.25);
    Volume z = ZScore.normalize(v);
    assertArrayEquals(new float[] {(float) (-1.5 / sd), (float) (-0.5 / sd),
        (float) (0.5 / sd), (float) (1.5 / sd)}, z.copyData(), 1e-6f);
    assertEquals(NiftiDatatype.FLOAT32, z.datatype());
  }

  @Test
  void constantVolume_isOnlyCentred() {
    Volume z = ZScore.normalize(TestVolumes.filled(2, 2, 2, new double[] {1, 1, 1}, 7));
    assertEquals(0, z.min());
    assertEquals(0, z.max());
  }

  @Test
  void channels_areNormalisedSeparately() {
    // coded volume: channel 1 is channel 0 plus 1000, so both have the same scores
    Volume v = TestVolumes.coded(3, 2, 2, 2, Geometry.ofSpacing(1, 1, 1));
    ZScore.Stats[] s = ZScore.stats(v);
    assertEquals(s[0].mean() + 1000, s[1].mean(), 1e-9);
    assertEquals(s[0].std(), s[1].std(), 1e-9);
    Volume z = ZScore.normalize(v);
    assertEquals(z.get(2, 1, 1, 0), z.get(2, 1, 1, 1), 1e-6);
  }

  @Test
  void largeMean_doesNotCancelTheVariance() {
    // 1e6 + {1, 2, 3, 4} is exact in float; its variance is still 1.25
    Volume v = TestVolumes.of(2, 2, 1, new double[] {1, 1, 1}, 1e6f + 1, 1e6f + 2, 1e6f + 3,
        1e6f + 4);
    ZScore.Stats s = ZScore.stats(v)[0];
    assertEquals(1e6 + 2.5, s.mean(), 1e-9);
    assertEquals(Math.sqrt(1.25), s.std(), 1e-9);
  }
}
