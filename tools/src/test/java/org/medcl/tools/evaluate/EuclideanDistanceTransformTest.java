package org.medcl.tools.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EuclideanDistanceTransformTest {

  @Test
  void singleSite_givesSquaredAnisotropicDistances() {
    // Grid 3 x 4 x 2, one site at (0, 0, 0), spacing (0.75, 0.75, 5).
    // Voxel (2, 3, 1): (2 * 0.75)^2 + (3 * 0.75)^2 + 5^2 = 2.25 + 5.0625 + 25 = 32.3125.
    double[] spacing = {0.75, 0.75, 5.0};
    boolean[] sites = new boolean[3 * 4 * 2];
    sites[0] = true;
    double[] d = new EuclideanDistanceTransform(3, 4, 2, spacing).squaredDistances(sites);
    assertEquals(0.0, d[0], 0.0);
    assertEquals(32.3125, d[2 + 3 * (3 + 4 * 1)], 1e-12);
    // Voxel (1, 0, 0): 0.75^2 = 0.5625.
    assertEquals(0.5625, d[1], 1e-12);
  }

  @Test
  void twoSites_eachVoxelTakesTheNearer() {
    // A line of 7 voxels with sites at x = 0 and x = 6, spacing 2 mm: voxel 2 is 4 mm from
    // site 0 and 8 mm from site 6, so 16; voxel 3 is 6 mm from both, so 36; voxel 5 gives 4.
    boolean[] sites = new boolean[7];
    sites[0] = true;
    sites[6] = true;
    double[] d =
        new EuclideanDistanceTransform(7, 1, 1, new double[] {2, 1, 1}).squaredDistances(sites);
    assertEquals(16.0, d[2], 1e-12);
    assertEquals(36.0, d[3], 1e-12);
    assertEquals(4.0, d[5], 1e-12);
  }

  @Test
  void noSite_givesInfinityEverywhere() {
    double[] d = new EuclideanDistanceTransform(2, 2, 2, new double[] {1, 1, 1})
        .squaredDistances(new boolean[8]);
    for (double v : d) {
      assertEquals(Double.POSITIVE_INFINITY, v);
    }
  }

  @Test
  void randomSites_matchBruteForce() {
    // Brute force: the minimum over all sites of the squared weighted offset.
    Random random = new Random(7);
    int nx = 9;
    int ny = 7;
    int nz = 5;
    double[] spacing = {0.73, 1.1, 5.0};
    for (int trial = 0; trial < 20; trial++) {
      boolean[] sites = new boolean[nx * ny * nz];
      for (int i = 0; i < sites.length; i++) {
        sites[i] = random.nextDouble() < 0.03 * (1 + trial % 4);
      }
      sites[random.nextInt(sites.length)] = true;
      double[] d = new EuclideanDistanceTransform(nx, ny, nz, spacing).squaredDistances(sites);
      for (int q = 0; q < sites.length; q++) {
        double best = Double.POSITIVE_INFINITY;
        for (int p = 0; p < sites.length; p++) {
          if (sites[p]) {
            double dx = spacing[0] * (q % nx - p % nx);
            double dy = spacing[1] * ((q / nx) % ny - (p / nx) % ny);
            double dz = spacing[2] * (q / (nx * ny) - p / (nx * ny));
            best = Math.min(best, dx * dx + dy * dy + dz * dz);
          }
        }
        assertEquals(best, d[q], 1e-9, "voxel " + q + " in trial " + trial);
      }
    }
  }

  @Test
  void wrongMaskLength_isRejectedWithBothSizes() {
    EuclideanDistanceTransform edt =
        new EuclideanDistanceTransform(2, 3, 4, new double[] {1, 1, 1});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> edt.squaredDistances(new boolean[5]));
    assertTrue(e.getMessage().contains("expected 24 voxels (2 x 3 x 4), found 5"), e.getMessage());
  }

  @Test
  void nonPositiveSpacing_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EuclideanDistanceTransform(2, 2, 2, new double[] {1, 0, 1}));
    assertEquals("expected finite positive spacing, found [1.0, 0.0, 1.0]", e.getMessage());
  }
}
