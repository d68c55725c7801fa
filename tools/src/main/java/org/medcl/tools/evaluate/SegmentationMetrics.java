package org.medcl.tools.evaluate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-class Dice and surface distances of a predicted label volume against ground truth.
 *
 * <p>Volumes are integer label maps in NIfTI order (x fastest: index {@code x + nx * (y + ny *
 * z)}) as {@code int[]} or {@code byte[]} (bytes read as unsigned, 0..255); the spacing is the
 * voxel size along x, y, z in mm. For a class {@code c}, A is the set of predicted voxels equal
 * to {@code c} and B the ground-truth set.
 *
 * <ul>
 *   <li>Dice: {@code 2 |A and B| / (|A| + |B|)}.
 *   <li>Surface of a mask: its voxels with at least one of the 6 face neighbours outside the
 *       mask; voxels outside the grid count as outside, so a mask touching the border of the
 *       volume has its surface there (as scipy's binary erosion with {@code border_value=0},
 *       which medpy uses).
 *   <li>Directed distances {@code d(A, B)}: for every surface voxel of A, the Euclidean distance
 *       in mm between voxel centres to the nearest surface voxel of B, from an exact distance
 *       transform ({@link EuclideanDistanceTransform}).
 *   <li>HD: {@code max(max d(A, B), max d(B, A))}.
 *   <li>HD95: the 95th percentile of the union (concatenation) of {@code d(A, B)} and
 *       {@code d(B, A)}, with linear interpolation between order statistics (numpy's default).
 *       This is medpy's {@code hd95} convention; MONAI's {@code compute_hausdorff_distance} with
 *       {@code percentile=95} instead takes the larger of the two directed 95th percentiles.
 *   <li>ASSD: {@code (mean d(A, B) + mean d(B, A)) / 2}, medpy's {@code assd} convention (MONAI's
 *       symmetric average surface distance takes the mean of the union instead).
 * </ul>
 *
 * <p>Empty masks: both empty gives Dice 1 and all distances 0; exactly one empty gives Dice 0
 * and all distances NaN.
 *
 * <p>Cost: the distance transforms run on the bounding box of {@code A or B} only, which gives
 * exact distances because every surface voxel lies in it. Instances are immutable and
 * thread-safe.
 *
 * <p>Example: A = {(0,0,0), (3,0,0)}, B = {(0,0,0)}, spacing (0.75, 0.75, 5): Dice 2/3,
 * {@code d(A, B) = {0, 2.25}}, {@code d(B, A) = {0}}, HD 2.25, HD95 2.025, ASSD 0.5625.
 */
public final class SegmentationMetrics {
  /** The percentile of {@link Metric#HD95}. */
  public static final double HD_PERCENTILE = 95.0;

  private final int nx;
  private final int ny;
  private final int nz;
  private final double[] spacing;

  private SegmentationMetrics(int nx, int ny, int nz, double[] spacing) {
    EuclideanDistanceTransform.checkGrid(nx, ny, nz, spacing);
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.spacing = spacing.clone();
  }

  /**
   * Metrics for volumes of {@code nx x ny x nz} voxels of the given spacing.
   *
   * @param spacing voxel size along x, y, z in mm
   */
  public static SegmentationMetrics of(int nx, int ny, int nz, double[] spacing) {
    return new SegmentationMetrics(nx, ny, nz, spacing);
  }

  /** Scores of class {@code label} in two {@code int} label volumes. */
  public ClassScores score(int[] pred, int[] gt, int label) {
    checkLength("prediction", pred.length);
    checkLength("ground truth", gt.length);
    return scoreMasks(mask(pred, label), mask(gt, label));
  }

  /** Scores of class {@code label} in two unsigned-byte label volumes. */
  public ClassScores score(byte[] pred, byte[] gt, int label) {
    checkLength("prediction", pred.length);
    checkLength("ground truth", gt.length);
    return scoreMasks(mask(pred, label), mask(gt, label));
  }

  /** Scores of each class in {@code labels}, in that order. */
  public Map<Integer, ClassScores> score(int[] pred, int[] gt, int[] labels) {
    Map<Integer, ClassScores> out = new LinkedHashMap<>();
    for (int label : labels) {
      out.put(label, score(pred, gt, label));
    }
    return out;
  }

  /** Scores of each class in {@code labels}, in that order, for unsigned-byte volumes. */
  public Map<Integer, ClassScores> score(byte[] pred, byte[] gt, int[] labels) {
    Map<Integer, ClassScores> out = new LinkedHashMap<>();
    for (int label : labels) {
      out.put(label, score(pred, gt, label));
    }
    return out;
  }

  /**
   * Dice of class {@code label} over the annotated voxels only, for sparse ground truth such as
   * scribbles: voxels where {@code gt} equals {@code unannotated} are left out of both masks.
   * Both masks empty there gives 1.
   *
   * <p>Example: pred {@code 1 1 0 1}, gt {@code 1 4 0 0} with unannotated 4: the second voxel
   * is left out, A = {0, 3}, B = {0}, Dice = 2 / 3.
   */
  public double annotatedDice(int[] pred, int[] gt, int label, int unannotated) {
    checkLength("prediction", pred.length);
    checkLength("ground truth", gt.length);
    if (label == unannotated) {
      throw new IllegalArgumentException(
          "expected a class label other than the unannotated value " + unannotated);
    }
    long sizeA = 0;
    long sizeB = 0;
    long both = 0;
    for (int i = 0; i < gt.length; i++) {
      if (gt[i] == unannotated) {
        continue;
      }
      boolean a = pred[i] == label;
      boolean b = gt[i] == label;
      sizeA += a ? 1 : 0;
      sizeB += b ? 1 : 0;
      both += a && b ? 1 : 0;
    }
    return sizeA + sizeB == 0 ? 1.0 : 2.0 * both / (sizeA + sizeB);
  }

  /**
   * Scores of two binary masks, {@code a} the prediction and {@code b} the ground truth.
   *
   * @throws IllegalArgumentException if a mask does not have {@code nx * ny * nz} voxels
   */
  public ClassScores scoreMasks(boolean[] a, boolean[] b) {
    checkLength("prediction", a.length);
    checkLength("ground truth", b.length);

    // Counts and the bounding box of the union.
    long sizeA = 0;
    long sizeB = 0;
    long both = 0;
    int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
    int[] hi = {-1, -1, -1};
    for (int z = 0, i = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++, i++) {
          if (a[i] || b[i]) {
            sizeA += a[i] ? 1 : 0;
            sizeB += b[i] ? 1 : 0;
            both += a[i] && b[i] ? 1 : 0;
            lo[0] = Math.min(lo[0], x);
            lo[1] = Math.min(lo[1], y);
            lo[2] = Math.min(lo[2], z);
            hi[0] = Math.max(hi[0], x);
            hi[1] = Math.max(hi[1], y);
            hi[2] = Math.max(hi[2], z);
          }
        }
      }
    }
    if (sizeA == 0 && sizeB == 0) {
      return ClassScores.BOTH_EMPTY;
    }
    if (sizeA == 0 || sizeB == 0) {
      return ClassScores.ONE_EMPTY;
    }
    double dice = 2.0 * both / (sizeA + sizeB);

    // Surfaces inside the bounding box; everything outside it is background.
    int bx = hi[0] - lo[0] + 1;
    int by = hi[1] - lo[1] + 1;
    int bz = hi[2] - lo[2] + 1;
    boolean[] cropA = crop(a, lo, bx, by, bz);
    boolean[] cropB = crop(b, lo, bx, by, bz);
    boolean[] surfA = surface(cropA, bx, by, bz);
    boolean[] surfB = surface(cropB, bx, by, bz);

    // Directed distances from each surface to the other.
    EuclideanDistanceTransform edt = new EuclideanDistanceTransform(bx, by, bz, spacing);
    double[] ab = sample(edt.squaredDistances(surfB), surfA);
    double[] ba = sample(edt.squaredDistances(surfA), surfB);

    double hd = Math.max(max(ab), max(ba));
    double[] union = new double[ab.length + ba.length];
    System.arraycopy(ab, 0, union, 0, ab.length);
    System.arraycopy(ba, 0, union, ab.length, ba.length);
    Arrays.sort(union);
    double hd95 = percentileOfSorted(union, HD_PERCENTILE);
    double assd = 0.5 * (mean(ab) + mean(ba));
    return new ClassScores(dice, hd, hd95, assd);
  }

  /**
   * The q-th percentile of sorted values with linear interpolation between the order statistics
   * at ranks {@code floor(h)} and {@code ceil(h)}, {@code h = q / 100 * (n - 1)} (numpy's
   * default).
   */
  static double percentileOfSorted(double[] sorted, double q) {
    double h = q / 100.0 * (sorted.length - 1);
    int below = (int) Math.floor(h);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
  }

  private void checkLength(String what, int length) {
    int n = nx * ny * nz;
    if (length != n) {
      throw new IllegalArgumentException(
          "expected " + what + " of " + n + " voxels (" + nx + " x " + ny + " x " + nz
              + "), found " + length);
    }
  }

  private static boolean[] mask(int[] labels, int label) {
    boolean[] m = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      m[i] = labels[i] == label;
    }
    return m;
  }

  private static boolean[] mask(byte[] labels, int label) {
    boolean[] m = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      m[i] = (labels[i] & 0xFF) == label;
    }
    return m;
  }

  private boolean[] crop(boolean[] m, int[] lo, int bx, int by, int bz) {
    boolean[] out = new boolean[bx * by * bz];
    for (int z = 0; z < bz; z++) {
      for (int y = 0; y < by; y++) {
        int src = lo[0] + nx * ((lo[1] + y) + ny * (lo[2] + z));
        System.arraycopy(m, src, out, bx * (y + by * z), bx);
      }
    }
    return out;
  }

  /** Voxels of {@code m} with a face neighbour outside {@code m} or outside the grid. */
  static boolean[] surface(boolean[] m, int bx, int by, int bz) {
    boolean[] s = new boolean[m.length];
    int plane = bx * by;
    for (int z = 0, i = 0; z < bz; z++) {
      for (int y = 0; y < by; y++) {
        for (int x = 0; x < bx; x++, i++) {
          if (m[i]) {
            s[i] = x == 0 || x == bx - 1 || y == 0 || y == by - 1 || z == 0 || z == bz - 1
                || !m[i - 1] || !m[i + 1] || !m[i - bx] || !m[i + bx]
                || !m[i - plane] || !m[i + plane];
          }
        }
      }
    }
    return s;
  }

  private static double[] sample(double[] squared, boolean[] where) {
    int count = 0;
    for (boolean w : where) {
      count += w ? 1 : 0;
    }
    double[] out = new double[count];
    for (int i = 0, k = 0; i < where.length; i++) {
      if (where[i]) {
        out[k++] = Math.sqrt(squared[i]);
      }
    }
    return out;
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }
}
