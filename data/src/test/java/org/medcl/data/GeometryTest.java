package org.medcl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeometryTest {
  private static final double EPS = 1e-9;

  private static Geometry qformOnly(double[] pixdim, double b, double c, double d) {
    return new Geometry(pixdim, 1, 0, new double[] {b, c, d}, new double[] {1, 2, 3},
        new double[3][4], 10);
  }

  private static void assertMatrix(double[][] expected, double[][] actual, double eps) {
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(expected[i], actual[i], eps, "row " + i);
    }
  }

  @Test
  void identityQuaternion_givesPixdimScalingPlusOffsets() {
    Geometry g = qformOnly(new double[] {1, 0.5, 0.6, 5, 1, 1, 1, 1}, 0, 0, 0);
    double[][] expected = {{0.5, 0, 0, 1}, {0, 0.6, 0, 2}, {0, 0, 5, 3}, {0, 0, 0, 1}};
    assertMatrix(expected, g.affine(4, 4, 4), EPS);
  }

  @Test
  void qfacMinusOne_flipsTheZColumn() {
    Geometry g = qformOnly(new double[] {-1, 0.5, 0.6, 5, 1, 1, 1, 1}, 0, 0, 0);
    assertEquals(-5, g.affine(4, 4, 4)[2][2], EPS);
    assertEquals(-1, g.qfac());
  }

  @Test
  void ninetyDegreesAboutZ_rotatesXOntoY() {
    // a = d = cos(45 deg): rotation by 90 degrees about z maps x to y and y to -x
    double s = Math.sqrt(0.5);
    Geometry g = qformOnly(new double[] {1, 2, 3, 4, 1, 1, 1, 1}, 0, 0, s);
    double[][] expected = {{0, -3, 0, 1}, {2, 0, 0, 2}, {0, 0, 4, 3}, {0, 0, 0, 1}};
    assertMatrix(expected, g.affine(4, 4, 4), 1e-12);
  }

  @Test
  void halfTurnAboutX_withAZero_isRenormalised() {
    // b = 1, a = 0: rotation by 180 degrees about x gives diag(1, -1, -1)
    Geometry g = qformOnly(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, 1, 0, 0);
    double[][] expected = {{1, 0, 0, 1}, {0, -1, 0, 2}, {0, 0, -1, 3}, {0, 0, 0, 1}};
    assertMatrix(expected, g.affine(4, 4, 4), 1e-12);
  }

  @Test
  void sformCodePositive_winsOverQform() {
    Geometry g = TestVolumes.oblique();
    double[][] a = g.affine(3, 3, 3);
    assertArrayEquals(new double[] {-0.7, 0.1, 0.2, 12.5}, a[0], EPS);
    assertArrayEquals(new double[] {0, 0, 0, 1}, a[3], EPS);
  }

  @Test
  void noCodes_giveNibabelBaseAffine() {
    // nibabel: diag(-dx, dy, dz), origin at -(shape - 1) / 2 * zoom
    Geometry g = Geometry.ofSpacing(2, 3, 4);
    double[][] expected = {{-2, 0, 0, 2 * (5 - 1) / 2.0}, {0, 3, 0, -3 * (6 - 1) / 2.0},
        {0, 0, 4, -4 * (7 - 1) / 2.0}, {0, 0, 0, 1}};
    assertMatrix(expected, g.affine(5, 6, 7), EPS);
  }

  @Test
  void resampledInPlane_keepsWorldPositionOfVoxelCentres() {
    Geometry g = TestVolumes.oblique();
    double sx = 2.0;
    double sy = 0.5;
    Geometry r = g.resampledInPlane(sx, sy);
    double[][] a = g.affine(8, 8, 3);
    double[][] b = r.affine(4, 16, 3);
    // new voxel (j, k, z) sits at old index ((j + .5) sx - .5, (k + .5) sy - .5, z)
    int j = 3;
    int k = 5;
    int z = 2;
    double[] oldIdx = {(j + 0.5) * sx - 0.5, (k + 0.5) * sy - 0.5, z, 1};
    double[] newIdx = {j, k, z, 1};
    for (int i = 0; i < 3; i++) {
      double wa = 0;
      double wb = 0;
      for (int m = 0; m < 4; m++) {
        wa += a[i][m] * oldIdx[m];
        wb += b[i][m] * newIdx[m];
      }
      assertEquals(wa, wb, 1e-9, "world coordinate " + i);
    }
    assertArrayEquals(new double[] {1.5, 0.4, 5}, r.spacing(), EPS);
    // the qform moves the same way
    double[][] qa = g.qformAffine();
    double[][] qb = r.qformAffine();
    double wa = qa[0][0] * oldIdx[0] + qa[0][1] * oldIdx[1] + qa[0][2] * z + qa[0][3];
    double wb = qb[0][0] * j + qb[0][1] * k + qb[0][2] * z + qb[0][3];
    assertEquals(wa, wb, 1e-9);
  }

  @Test
  void wrongPixdimLength_isRejectedWithCount() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Geometry(new double[3], 0, 0, new double[3], new double[3], new double[3][4],
            0));
    assertEquals("pixdim has 3 values, expected 8", e.getMessage());
  }

  @Test
  void nonPositiveSpacing_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Geometry.ofSpacing(1, 0, 1));
    assertTrue(e.getMessage().contains("expected all > 0"), e.getMessage());
  }

  @Test
  void equalGeometries_areEqual() {
    assertEquals(TestVolumes.oblique(), TestVolumes.oblique());
    assertEquals(TestVolumes.oblique().hashCode(), TestVolumes.oblique().hashCode());
  }
}
