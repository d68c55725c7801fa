package org.medcl.tools.train;

import java.util.Arrays;

/**
 * Pseudo-background far from the heart: in a labelled training slice that has foreground
 * scribbles, unannotated pixels farther than {@code radiusMm} from the heart's centre become
 * background, on a sparse grid (every {@code stride}-th pixel along each axis), so that the
 * network is told what the far field is.
 *
 * <p>Why: scribbles annotate background only near the heart (on MSCMR 90% of the background
 * scribble pixels lie within 86 mm of the slice's foreground scribbles' centre), while
 * prediction covers the whole slice; without supervision there, a model trained with the
 * unsupervised MedCL terms predicted myocardium far from the heart. On MSCMR the heart's pixels
 * lie within 59 mm of the heart's centroid in every val slice (full masks), so the default
 * radius of 100 mm leaves a margin of about 40 mm for the scribbles' centre being off the
 * heart's. The sparse grid keeps the number of pseudo-labels near that of real scribbles, so the
 * far field does not outweigh them in the scribble loss.
 *
 * <p>The heart's centre is the per-axis median of the slice's foreground scribble pixels (robust
 * to a stray stroke). Slices without a foreground scribble are left as they are, as are pixels
 * that carry a scribble.
 */
public final class FarBackground {
  private final double radiusMm;
  private final int stride;
  private final int unannotated;

  /**
   * @param radiusMm distance from the heart's centre beyond which pixels become background; 0
   *     disables the pseudo-labels
   * @param stride grid step in pixels along each axis, at least 1
   * @param unannotated the class index meaning "no supervision"
   */
  public FarBackground(double radiusMm, int stride, int unannotated) {
    if (!(radiusMm >= 0) || Double.isInfinite(radiusMm)) {
      throw new IllegalArgumentException("far-background radius must be a finite number >= 0 mm, "
          + "found " + radiusMm);
    }
    if (stride < 1) {
      throw new IllegalArgumentException("far-background stride must be at least 1, found "
          + stride);
    }
    this.radiusMm = radiusMm;
    this.stride = stride;
    this.unannotated = unannotated;
  }

  /** True when the radius is positive. */
  public boolean enabled() {
    return radiusMm > 0;
  }

  /**
   * The slice with pseudo-background added, or the slice itself when it is unlabelled, has no
   * foreground scribble, or the pseudo-labels are disabled. The input is not modified.
   *
   * @param dyMm row spacing in mm
   * @param dxMm column spacing in mm
   */
  public TrainSlice apply(TrainSlice s, double dyMm, double dxMm) {
    if (!enabled() || !s.labeled()) {
      return s;
    }
    int h = s.height();
    int w = s.width();
    byte[] labels = s.labels();
    int[] ys = new int[h * w];
    int[] xs = new int[h * w];
    int n = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = labels[y * w + x];
        if (v > 0 && v != unannotated) {
          ys[n] = y;
          xs[n] = x;
          n++;
        }
      }
    }
    if (n == 0) {
      return s;
    }
    double cy = median(ys, n);
    double cx = median(xs, n);
    double r2 = radiusMm * radiusMm;
    byte[] out = labels.clone();
    for (int y = 0; y < h; y += stride) {
      double ey = (y - cy) * dyMm;
      for (int x = 0; x < w; x += stride) {
        double ex = (x - cx) * dxMm;
        int i = y * w + x;
        if (out[i] == (byte) unannotated && ey * ey + ex * ex > r2) {
          out[i] = 0;
        }
      }
    }
    return new TrainSlice(s.caseId(), s.z(), h, w, s.channels(), s.image(), out);
  }

  /** How many pixels {@code after} labels as background that {@code before} left unannotated. */
  static long added(TrainSlice before, TrainSlice after) {
    if (before == after || !before.labeled()) {
      return 0;
    }
    long n = 0;
    for (int i = 0; i < before.labels().length; i++) {
      if (before.labels()[i] != after.labels()[i]) {
        n++;
      }
    }
    return n;
  }

  private static double median(int[] values, int n) {
    int[] v = Arrays.copyOf(values, n);
    Arrays.sort(v);
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
  }
}
