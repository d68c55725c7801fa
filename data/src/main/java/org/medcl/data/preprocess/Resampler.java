package org.medcl.data.preprocess;

import org.medcl.data.Volume;

/**
 * In-plane (x, y) resampling. Grids are aligned on their outer edges: new voxel {@code j} of
 * {@code m} along an axis of {@code n} voxels has its centre at old index
 * {@code (j + 0.5) * n / m - 0.5}, clamped to {@code [0, n - 1]}. Linear interpolation blends
 * the two neighbours; nearest takes {@code floor(u + 0.5)}. The z axis is never resampled.
 */
public final class Resampler {
  private Resampler() {
  }

  /**
   * The number of voxels an axis of {@code n} voxels at {@code spacing} gets at
   * {@code target} spacing: {@code max(1, round(n * spacing / target))}.
   */
  public static int targetSize(int n, double spacing, double target) {
    if (!(target > 0)) {
      throw new IllegalArgumentException("target spacing " + target + " mm, expected > 0");
    }
    return (int) Math.max(1, Math.round(n * spacing / target));
  }

  /** Resamples a volume in plane to {@code newNx x newNy}, every z and channel. */
  public static Volume resizeInPlane(Volume v, int newNx, int newNy, Interpolation mode) {
    if (newNx < 1 || newNy < 1) {
      throw new IllegalArgumentException("new size " + newNx + " x " + newNy
          + ", expected >= 1 x 1");
    }
    int nx = v.nx();
    int ny = v.ny();
    int planes = v.nz() * v.channels();
    float[] out = new float[newNx * newNy * planes];
    float[] plane = new float[nx * ny];
    float[] res = new float[newNx * newNy];
    for (int p = 0; p < planes; p++) {
      int base = p * nx * ny;
      for (int i = 0; i < plane.length; i++) {
        plane[i] = v.get(base + i);
      }
      resizePlane(plane, nx, ny, res, newNx, newNy, mode);
      System.arraycopy(res, 0, out, p * newNx * newNy, res.length);
    }
    return v.toBuilder().dims(newNx, newNy, v.nz(), v.channels()).adoptData(out)
        .geometry(v.geometry().resampledInPlane((double) nx / newNx, (double) ny / newNy))
        .build();
  }

  /** Resamples one plane {@code src[y * w + x]} of {@code w x h} into {@code dst} of
   * {@code dw x dh}. */
  public static void resizePlane(float[] src, int w, int h, float[] dst, int dw, int dh,
      Interpolation mode) {
    if (mode == Interpolation.NEAREST) {
      int[] xs = nearestIndex(w, dw);
      int[] ys = nearestIndex(h, dh);
      for (int y = 0; y < dh; y++) {
        int row = ys[y] * w;
        for (int x = 0; x < dw; x++) {
          dst[y * dw + x] = src[row + xs[x]];
        }
      }
      return;
    }
    int[] x0 = new int[dw];
    float[] fx = new float[dw];
    linearIndex(w, dw, x0, fx);
    int[] y0 = new int[dh];
    float[] fy = new float[dh];
    linearIndex(h, dh, y0, fy);
    for (int y = 0; y < dh; y++) {
      int r0 = y0[y] * w;
      int r1 = Math.min(y0[y] + 1, h - 1) * w;
      float wy = fy[y];
      for (int x = 0; x < dw; x++) {
        int c0 = x0[x];
        int c1 = Math.min(c0 + 1, w - 1);
        float wx = fx[x];
        float top = src[r0 + c0] * (1 - wx) + src[r0 + c1] * wx;
        float bottom = src[r1 + c0] * (1 - wx) + src[r1 + c1] * wx;
        dst[y * dw + x] = top * (1 - wy) + bottom * wy;
      }
    }
  }

  /** Nearest-neighbour resize of an int plane, for labels and predictions. */
  public static int[] resizeNearest(int[] src, int w, int h, int dw, int dh) {
    int[] xs = nearestIndex(w, dw);
    int[] ys = nearestIndex(h, dh);
    int[] dst = new int[dw * dh];
    for (int y = 0; y < dh; y++) {
      for (int x = 0; x < dw; x++) {
        dst[y * dw + x] = src[ys[y] * w + xs[x]];
      }
    }
    return dst;
  }

  /** Source index of each of {@code m} new voxels along an axis of {@code n}, nearest. */
  static int[] nearestIndex(int n, int m) {
    int[] idx = new int[m];
    double scale = (double) n / m;
    for (int j = 0; j < m; j++) {
      double u = (j + 0.5) * scale - 0.5;
      idx[j] = (int) Math.min(n - 1, Math.max(0, Math.floor(u + 0.5)));
    }
    return idx;
  }

  private static void linearIndex(int n, int m, int[] i0, float[] frac) {
    double scale = (double) n / m;
    for (int j = 0; j < m; j++) {
      double u = Math.min(n - 1, Math.max(0, (j + 0.5) * scale - 0.5));
      int f = (int) Math.floor(u);
      i0[j] = f;
      frac[j] = (float) (u - f);
    }
  }
}
