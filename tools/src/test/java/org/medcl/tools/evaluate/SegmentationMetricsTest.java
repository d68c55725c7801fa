package org.medcl.tools.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class SegmentationMetricsTest {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentationMetricsTest.class);
  private static final double[] MSCMR_SPACING = {0.75, 0.75, 5.0};
  private static final double EPS = 1e-9;

  /** Sets voxels of the box [x0, x1] x [y0, y1] x [z0, z1] (inclusive) to {@code label}. */
  private static void box(int[] v, int nx, int ny, int label, int[] from, int[] to) {
    for (int z = from[2]; z <= to[2]; z++) {
      for (int y = from[1]; y <= to[1]; y++) {
        for (int x = from[0]; x <= to[0]; x++) {
          v[x + nx * (y + ny * z)] = label;
        }
      }
    }
  }

  @Test
  void singleVoxelsAtKnownPositions_giveTheirAnisotropicDistance() {
    // A = {(1, 1, 1)}, B = {(2, 3, 2)}: offsets (1, 2, 1) voxels, so
    // d^2 = 0.75^2 + 1.5^2 + 5^2 = 0.5625 + 2.25 + 25 = 27.8125 for HD, HD95 and ASSD alike.
    int nx = 4;
    int ny = 5;
    int nz = 4;
    int[] pred = new int[nx * ny * nz];
    int[] gt = new int[pred.length];
    pred[1 + nx * (1 + ny * 1)] = 2;
    gt[2 + nx * (3 + ny * 2)] = 2;
    ClassScores s = SegmentationMetrics.of(nx, ny, nz, MSCMR_SPACING).score(pred, gt, 2);
    double d = Math.sqrt(27.8125);
    assertEquals(0.0, s.dice(), 0.0);
    assertEquals(d, s.hausdorff(), EPS);
    assertEquals(d, s.hausdorff95(), EPS);
    assertEquals(d, s.assd(), EPS);
  }

  @Test
  void unequalSurfaceSets_useUnionPercentileAndMeanOfDirectedMeans() {
    // The Javadoc example. A = {(0,0,0), (3,0,0)}, B = {(0,0,0)}, spacing x 0.75:
    // d(A, B) = {0, 3 * 0.75 = 2.25}, d(B, A) = {0}. Union sorted {0, 0, 2.25}:
    // h = 0.95 * 2 = 1.9, HD95 = 0 + 0.9 * 2.25 = 2.025 (the max of the directed 95th
    // percentiles would give 0.95 * 2.25 = 2.1375). ASSD = (1.125 + 0) / 2 = 0.5625 (the mean of
    // the union would give 0.75). Dice = 2 * 1 / (2 + 1).
    int[] pred = new int[4 * 2 * 2];
    int[] gt = new int[pred.length];
    pred[0] = 1;
    pred[3] = 1;
    gt[0] = 1;
    ClassScores s = SegmentationMetrics.of(4, 2, 2, MSCMR_SPACING).score(pred, gt, 1);
    assertEquals(2.0 / 3.0, s.dice(), EPS);
    assertEquals(2.25, s.hausdorff(), EPS);
    assertEquals(2.025, s.hausdorff95(), EPS);
    assertEquals(0.5625, s.assd(), EPS);
  }

  @Test
  void cubesOffsetAlongX_giveOverlapDiceAndOffsetHausdorff() {
    // Two 4-voxel cubes, the second shifted by k = 1 voxel along x: overlap (4 - 1) * 4 * 4, so
    // Dice = 2 * 48 / (64 + 64) = 0.75. The farthest surface voxels are the left face of A and
    // the right face of B, each 1 voxel = 0.75 mm from the other cube's face: HD = 0.75.
    int nx = 10;
    int ny = 8;
    int nz = 8;
    int[] pred = new int[nx * ny * nz];
    int[] gt = new int[pred.length];
    box(pred, nx, ny, 3, new int[] {2, 2, 2}, new int[] {5, 5, 5});
    box(gt, nx, ny, 3, new int[] {3, 2, 2}, new int[] {6, 5, 5});
    ClassScores s = SegmentationMetrics.of(nx, ny, nz, MSCMR_SPACING).score(pred, gt, 3);
    assertEquals(0.75, s.dice(), EPS);
    assertEquals(0.75, s.hausdorff(), EPS);
  }

  @Test
  void cubesOffsetAlongZ_giveSliceSpacingHausdorff() {
    // Shift by k = 2 slices of 5 mm: Dice = (4 - 2) / 4 = 0.5, HD = 2 * 5 = 10 mm (from the bottom
    // face of A to the bottom face of B, nothing of B's surface is nearer).
    int nx = 8;
    int ny = 8;
    int nz = 9;
    int[] pred = new int[nx * ny * nz];
    int[] gt = new int[pred.length];
    box(pred, nx, ny, 1, new int[] {2, 2, 1}, new int[] {5, 5, 4});
    box(gt, nx, ny, 1, new int[] {2, 2, 3}, new int[] {5, 5, 6});
    ClassScores s = SegmentationMetrics.of(nx, ny, nz, MSCMR_SPACING).score(pred, gt, 1);
    assertEquals(0.5, s.dice(), EPS);
    assertEquals(10.0, s.hausdorff(), EPS);
  }

  @Test
  void cubeAgainstItsCentre_interiorVoxelIsNotSurface() {
    // A = 3 x 3 x 3 cube, B = its centre voxel. A's surface is its 26 outer voxels; their
    // distances to the centre with spacing (0.75, 0.75, 5): 4 face centres at 0.75, 2 at 5,
    // 4 in-plane edges at 0.75 sqrt(2), 8 other edges at sqrt(0.5625 + 25), 8 corners at
    // sqrt(2 * 0.5625 + 25). d(B, A) = {0.75} (nearest face centre). The union has 27 values,
    // h = 0.95 * 26 = 24.7 falls among the 8 corners (ranks 19..26).
    int n = 5;
    int[] pred = new int[n * n * n];
    int[] gt = new int[pred.length];
    box(pred, n, n, 1, new int[] {1, 1, 1}, new int[] {3, 3, 3});
    gt[2 + n * (2 + n * 2)] = 1;
    ClassScores s = SegmentationMetrics.of(n, n, n, MSCMR_SPACING).score(pred, gt, 1);
    double edge = 0.75 * Math.sqrt(2);
    double slantEdge = Math.sqrt(25.5625);
    double corner = Math.sqrt(26.125);
    double meanAb = (4 * 0.75 + 2 * 5 + 4 * edge + 8 * slantEdge + 8 * corner) / 26;
    assertEquals(2.0 / 28.0, s.dice(), EPS);
    assertEquals(corner, s.hausdorff(), EPS);
    assertEquals(corner, s.hausdorff95(), EPS);
    assertEquals((meanAb + 0.75) / 2, s.assd(), EPS);
  }

  @Test
  void identicalMasks_givePerfectScores() {
    int[] v = new int[6 * 6 * 3];
    box(v, 6, 6, 2, new int[] {1, 1, 0}, new int[] {4, 3, 2});
    ClassScores s = SegmentationMetrics.of(6, 6, 3, MSCMR_SPACING).score(v, v.clone(), 2);
    assertEquals(new ClassScores(1, 0, 0, 0), s);
  }

  @Test
  void bothEmpty_givesDiceOneAndZeroDistances() {
    int[] v = new int[27];
    ClassScores s = SegmentationMetrics.of(3, 3, 3, MSCMR_SPACING).score(v, v, 1);
    assertEquals(new ClassScores(1, 0, 0, 0), s);
  }

  @Test
  void emptyPrediction_givesDiceZeroAndNanDistances() {
    int[] pred = new int[27];
    int[] gt = new int[27];
    gt[13] = 1;
    ClassScores s = SegmentationMetrics.of(3, 3, 3, MSCMR_SPACING).score(pred, gt, 1);
    assertEquals(0.0, s.dice(), 0.0);
    assertTrue(Double.isNaN(s.hausdorff()) && Double.isNaN(s.hausdorff95())
        && Double.isNaN(s.assd()), s.toString());
  }

  @Test
  void emptyGroundTruth_givesDiceZeroAndNanDistances() {
    int[] pred = new int[27];
    int[] gt = new int[27];
    pred[5] = 3;
    assertEquals(ClassScores.ONE_EMPTY,
        SegmentationMetrics.of(3, 3, 3, MSCMR_SPACING).score(pred, gt, 3));
  }

  @Test
  void byteVolumes_readLabelsAsUnsigned() {
    // Label 200 is the byte -56; both representations must score alike.
    int[] pred = new int[4 * 2 * 2];
    int[] gt = new int[pred.length];
    pred[0] = 200;
    pred[3] = 200;
    gt[0] = 200;
    byte[] bp = new byte[pred.length];
    byte[] bg = new byte[pred.length];
    for (int i = 0; i < pred.length; i++) {
      bp[i] = (byte) pred[i];
      bg[i] = (byte) gt[i];
    }
    SegmentationMetrics m = SegmentationMetrics.of(4, 2, 2, MSCMR_SPACING);
    assertEquals(m.score(pred, gt, 200), m.score(bp, bg, 200));
    assertEquals(2.0 / 3.0, m.score(bp, bg, 200).dice(), EPS);
  }

  @Test
  void severalLabels_areScoredInTheOrderGiven() {
    int[] pred = {1, 2, 3, 0};
    int[] gt = {1, 2, 0, 0};
    Map<Integer, ClassScores> scores =
        SegmentationMetrics.of(4, 1, 1, MSCMR_SPACING).score(pred, gt, new int[] {3, 1});
    assertEquals(List.of(3, 1), new ArrayList<>(scores.keySet()));
    assertEquals(ClassScores.ONE_EMPTY, scores.get(3));
    assertEquals(1.0, scores.get(1).dice(), 0.0);
  }

  @Test
  void annotatedDice_leavesOutUnannotatedVoxels() {
    // pred 1 1 0 1, gt 1 4 0 0 (4 = unannotated): voxel 1 is left out, A = {0, 3}, B = {0},
    // Dice = 2 * 1 / (2 + 1). Without any annotated voxel of either mask the Dice is 1.
    SegmentationMetrics m = SegmentationMetrics.of(4, 1, 1, MSCMR_SPACING);
    assertEquals(2.0 / 3.0, m.annotatedDice(new int[] {1, 1, 0, 1}, new int[] {1, 4, 0, 0}, 1, 4),
        EPS);
    assertEquals(1.0, m.annotatedDice(new int[] {2, 2, 0, 0}, new int[] {4, 4, 0, 0}, 2, 4),
        EPS);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.annotatedDice(new int[4], new int[4], 4, 4));
    assertEquals("expected a class label other than the unannotated value 4", e.getMessage());
  }

  @Test
  void randomVolumes_matchBruteForceSurfaceDistances() {
    Random random = new Random(42);
    int nx = 9;
    int ny = 8;
    int nz = 5;
    double[] spacing = {0.73, 0.9, 5.0};
    SegmentationMetrics metrics = SegmentationMetrics.of(nx, ny, nz, spacing);
    for (int trial = 0; trial < 30; trial++) {
      double density = 0.15 + 0.6 * random.nextDouble();
      boolean[] a = new boolean[nx * ny * nz];
      boolean[] b = new boolean[a.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = random.nextDouble() < density;
        b[i] = random.nextDouble() < density;
      }
      a[random.nextInt(a.length)] = true;
      b[random.nextInt(b.length)] = true;
      ClassScores expected = bruteForce(a, b, nx, ny, nz, spacing);
      ClassScores actual = metrics.scoreMasks(a, b);
      String where = "trial " + trial;
      assertEquals(expected.dice(), actual.dice(), EPS, where);
      assertEquals(expected.hausdorff(), actual.hausdorff(), EPS, where);
      assertEquals(expected.hausdorff95(), actual.hausdorff95(), EPS, where);
      assertEquals(expected.assd(), actual.assd(), EPS, where);
    }
  }

  @Test
  void fullSizeVolume_isScoredWellUnderASecondPerClass() {
    // A 480 x 480 x 15 volume with three nested discs (LV inside MYO ring, RV beside), the
    // prediction shifted by 2 voxels. About 40 ms per class on an idle core; the bound is loose
    // because two cores are shared.
    int nx = 480;
    int ny = 480;
    int nz = 15;
    int[] gt = new int[nx * ny * nz];
    int[] pred = new int[gt.length];
    for (int z = 2; z < 13; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          double r = Math.hypot(x - 240, y - 240);
          double rv = Math.hypot(x - 300, y - 240);
          int label = r < 25 ? 3 : r < 35 ? 2 : rv < 45 ? 1 : 0;
          gt[x + nx * (y + ny * z)] = label;
          if (x + 2 < nx) {
            pred[x + 2 + nx * (y + ny * z)] = label;
          }
        }
      }
    }
    SegmentationMetrics metrics = SegmentationMetrics.of(nx, ny, nz, MSCMR_SPACING);
    metrics.score(pred, gt, new int[] {1, 2, 3});
    long start = System.nanoTime();
    Map<Integer, ClassScores> scores = metrics.score(pred, gt, new int[] {1, 2, 3});
    double perClassMs = (System.nanoTime() - start) / 1e6 / 3;
    LOG.info("metrics 480x480x15 per_class_ms={} scores={}", perClassMs, scores);
    assertTrue(perClassMs < 1000, "per class " + perClassMs + " ms");
    // Worst case for the bounding box: stray voxels in opposite corners make it the whole grid.
    pred[0] = 1;
    gt[gt.length - 1] = 1;
    start = System.nanoTime();
    ClassScores stray = metrics.score(pred, gt, 1);
    double wholeGridMs = (System.nanoTime() - start) / 1e6;
    LOG.info("metrics 480x480x15 whole_grid_ms={} hd={}", wholeGridMs, stray.hausdorff());
    // About 0.45 s on an idle core; the bound only catches a gross regression on a busy machine.
    assertTrue(wholeGridMs < 10_000, "whole grid " + wholeGridMs + " ms");
    // A 2-voxel shift along x moves every surface by 1.5 mm at most.
    for (ClassScores s : scores.values()) {
      assertTrue(s.hausdorff() <= 1.5 + EPS, s.toString());
    }
  }

  @Test
  void wrongVolumeLength_isRejectedWithBothSizes() {
    SegmentationMetrics m = SegmentationMetrics.of(2, 2, 2, MSCMR_SPACING);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.score(new int[8], new int[7], 1));
    assertEquals("expected ground truth of 8 voxels (2 x 2 x 2), found 7", e.getMessage());
  }

  @Test
  void wrongSpacingLength_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SegmentationMetrics.of(2, 2, 2, new double[] {1, 1}));
    assertEquals("expected a spacing of 3 values (x, y, z), found 2 values", e.getMessage());
  }

  // Independent reference: explicit neighbour tests, all pairs of surface voxels, and the
  // percentile from its definition (linear between ranks floor(h) and floor(h) + 1).
  private static ClassScores bruteForce(
      boolean[] a, boolean[] b, int nx, int ny, int nz, double[] sp) {
    int inter = 0;
    int na = 0;
    int nb = 0;
    for (int i = 0; i < a.length; i++) {
      na += a[i] ? 1 : 0;
      nb += b[i] ? 1 : 0;
      inter += a[i] && b[i] ? 1 : 0;
    }
    List<int[]> sa = surfaceVoxels(a, nx, ny, nz);
    List<int[]> sb = surfaceVoxels(b, nx, ny, nz);
    double[] ab = directed(sa, sb, sp);
    double[] ba = directed(sb, sa, sp);
    double hd = Math.max(Arrays.stream(ab).max().orElseThrow(),
        Arrays.stream(ba).max().orElseThrow());
    double[] all = new double[ab.length + ba.length];
    System.arraycopy(ab, 0, all, 0, ab.length);
    System.arraycopy(ba, 0, all, ab.length, ba.length);
    Arrays.sort(all);
    double h = 0.95 * (all.length - 1);
    int lo = (int) h;
    double hd95 = lo + 1 < all.length ? all[lo] + (h - lo) * (all[lo + 1] - all[lo]) : all[lo];
    double assd = (Arrays.stream(ab).average().orElseThrow()
        + Arrays.stream(ba).average().orElseThrow()) / 2;
    return new ClassScores(2.0 * inter / (na + nb), hd, hd95, assd);
  }

  private static List<int[]> surfaceVoxels(boolean[] m, int nx, int ny, int nz) {
    int[][] offsets = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    List<int[]> out = new ArrayList<>();
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          if (!m[x + nx * (y + ny * z)]) {
            continue;
          }
          boolean border = false;
          for (int[] o : offsets) {
            int px = x + o[0];
            int py = y + o[1];
            int pz = z + o[2];
            boolean inside = px >= 0 && px < nx && py >= 0 && py < ny && pz >= 0 && pz < nz;
            if (!inside || !m[px + nx * (py + ny * pz)]) {
              border = true;
            }
          }
          if (border) {
            out.add(new int[] {x, y, z});
          }
        }
      }
    }
    return out;
  }

  private static double[] directed(List<int[]> from, List<int[]> to, double[] sp) {
    double[] d = new double[from.size()];
    for (int i = 0; i < d.length; i++) {
      double best = Double.POSITIVE_INFINITY;
      int[] p = from.get(i);
      for (int[] q : to) {
        double dx = sp[0] * (p[0] - q[0]);
        double dy = sp[1] * (p[1] - q[1]);
        double dz = sp[2] * (p[2] - q[2]);
        best = Math.min(best, Math.sqrt(dx * dx + dy * dy + dz * dz));
      }
      d[i] = best;
    }
    return d;
  }
}
