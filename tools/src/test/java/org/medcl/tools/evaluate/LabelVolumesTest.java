package org.medcl.tools.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcl.data.Geometry;
import org.medcl.data.Volume;

class LabelVolumesTest {

  private static Volume volume(float[] data, int nx, int ny, int nz, double dz, String name) {
    return Volume.builder().dims(nx, ny, nz).geometry(Geometry.ofSpacing(0.75, 0.75, dz))
        .data(data).source(Path.of(name)).build();
  }

  @Test
  void integerValues_becomeLabels() throws EvaluationException {
    Volume v = volume(new float[] {0, 1, 2, 3}, 2, 2, 1, 5, "a.nii.gz");
    assertArrayEquals(new int[] {0, 1, 2, 3}, LabelVolumes.toLabels(v));
  }

  @Test
  void fractionalValue_isRefusedNamingTheFile() {
    Volume v = volume(new float[] {0, 1.5f, 2, 3}, 2, 2, 1, 5, "probs.nii.gz");
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> LabelVolumes.toLabels(v));
    assertEquals("probs.nii.gz: holds value 1.5 at voxel 1, expected integer labels in "
        + "0..65535", e.getMessage());
  }

  @Test
  void shapeMismatch_isRefusedNamingBothFiles() {
    Volume p = volume(new float[4], 2, 2, 1, 5, "p.nii.gz");
    Volume t = volume(new float[6], 3, 2, 1, 5, "t.nii.gz");
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> LabelVolumes.score(p, t, new int[] {1}));
    assertTrue(e.getMessage().startsWith("p.nii.gz: is 2 x 2 x 1, expected the shape of its "
        + "ground truth t.nii.gz"), e.getMessage());
  }

  @Test
  void spacingMismatch_isRefused() {
    Volume p = volume(new float[4], 2, 2, 1, 4, "p.nii.gz");
    Volume t = volume(new float[4], 2, 2, 1, 5, "t.nii.gz");
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> LabelVolumes.score(p, t, new int[] {1}));
    assertEquals("p.nii.gz: has spacing [0.75, 0.75, 4.0] mm, expected the spacing of its "
        + "ground truth t.nii.gz, [0.75, 0.75, 5.0] mm", e.getMessage());
  }

  @Test
  void matchingVolumes_areScoredWithTheTruthSpacing() throws EvaluationException {
    // One voxel each, (0, 0, 0) against (0, 0, 1) with 5 mm slices: HD 5, Dice 0.
    float[] p = new float[8];
    float[] t = new float[8];
    p[0] = 1;
    t[4] = 1;
    Map<Integer, ClassScores> s = LabelVolumes.score(volume(p, 2, 2, 2, 5, "p.nii.gz"),
        volume(t, 2, 2, 2, 5, "t.nii.gz"), new int[] {1});
    assertEquals(new ClassScores(0, 5, 5, 5), s.get(1));
  }
}
