package org.medcl.tools.evaluate;

import java.util.Arrays;

/**
 * Exact squared Euclidean distance transform of a 3D grid with anisotropic voxel spacing.
 *
 * <p>For every voxel {@code q} the result holds {@code min_p sum_i (s_i (q_i - p_i))^2} over the
 * site voxels {@code p}, where {@code s} is the spacing in mm; it is {@code +Infinity} everywhere
 * when there is no site. The algorithm is Felzenszwalb and Huttenlocher's (Theory of Computing
 * 8, 2012): one pass per axis, each computing the lower envelope of the parabolas
 * {@code f(p) + s^2 (q - p)^2} along every grid line, so the cost is linear in the voxel count.
 *
 * <p>Layout: NIfTI order, x fastest: index {@code x + nx * (y + ny * z)}.
 *
 * <p>Example: one site at (0, 0, 0), spacing (0.75, 0.75, 5): the voxel (1, 2, 1) gets
 * {@code 0.75^2 + 1.5^2 + 5^2 = 27.8125}.
 */
public final class EuclideanDistanceTransform {
  private final int nx;
  private final int ny;
  private final int nz;
  private final double[] spacing;

  /**
   * A transform over an {@code nx x ny x nz} grid.
   *
   * @param spacing voxel size along x, y, z in mm, each finite and positive
   */
  public EuclideanDistanceTransform(int nx, int ny, int nz, double[] spacing) {
    checkGrid(nx, ny, nz, spacing);
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.spacing = spacing.clone();
  }

  /**
   * Checks grid dimensions (positive, at most {@code Integer.MAX_VALUE} voxels in all) and
   * spacing (3 finite positive values).
   *
   * @throws IllegalArgumentException quoting what was found
   */
  static void checkGrid(int nx, int ny, int nz, double[] spacing) {
    if (nx < 1 || ny < 1 || nz < 1 || (long) nx * ny * nz > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("expected positive grid dimensions of at most "
          + Integer.MAX_VALUE + " voxels, found " + nx + " x " + ny + " x " + nz);
    }
    if (spacing == null || spacing.length != 3) {
      throw new IllegalArgumentException(
          "expected a spacing of 3 values (x, y, z), found "
              + (spacing == null ? "null" : spacing.length + " values"));
    }
    for (double s : spacing) {
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException(
            "expected finite positive spacing, found " + Arrays.toString(spacing));
      }
    }
  }

  /**
   * Squared distances in mm^2 from every voxel to the nearest site.
   *
   * @param sites {@code true} at site voxels, length {@code nx * ny * nz}
   * @return a new array of squared distances, {@code +Infinity} everywhere if there is no site
   */
  public double[] squaredDistances(boolean[] sites) {
    int n = nx * ny * nz;
    if (sites.length != n) {
      throw new IllegalArgumentException(
          "expected " + n + " voxels (" + nx + " x " + ny + " x " + nz + "), found "
              + sites.length);
    }
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = sites[i] ? 0.0 : Double.POSITIVE_INFINITY;
    }
    int longest = Math.max(nx, Math.max(ny, nz));
    Envelope env = new Envelope(longest);

    // Along x: contiguous lines.
    for (int line = 0; line < ny * nz; line++) {
      env.transform(d, line * nx, 1, nx, spacing[0]);
    }
    // Along y: stride nx inside each z slab.
    for (int z = 0; z < nz; z++) {
      for (int x = 0; x < nx; x++) {
        env.transform(d, x + nx * ny * z, nx, ny, spacing[1]);
      }
    }
    // Along z: stride nx * ny.
    if (nz > 1) {
      int plane = nx * ny;
      for (int xy = 0; xy < plane; xy++) {
        env.transform(d, xy, plane, nz, spacing[2]);
      }
    }
    return d;
  }

  /** Scratch buffers for the 1D lower envelope of parabolas along one grid line. */
  private static final class Envelope {
    private final double[] f;
    private final int[] v;
    private final double[] z;

    Envelope(int length) {
      f = new double[length];
      v = new int[length];
      z = new double[length + 1];
    }

    /** Replaces {@code d[start + k * stride]}, k < n, by its 1D transform with spacing s. */
    void transform(double[] d, int start, int stride, int n, double s) {
      double s2 = s * s;
      for (int k = 0, i = start; k < n; k++, i += stride) {
        f[k] = d[i];
      }
      int k = -1;
      for (int q = 0; q < n; q++) {
        if (f[q] == Double.POSITIVE_INFINITY) {
          continue;
        }
        double hq = f[q] + s2 * q * q;
        double cross = Double.NEGATIVE_INFINITY;
        while (k >= 0) {
          int p = v[k];
          cross = (hq - (f[p] + s2 * p * p)) / (2.0 * s2 * (q - p));
          if (cross > z[k]) {
            break;
          }
          k--;
        }
        k++;
        v[k] = q;
        z[k] = k == 0 ? Double.NEGATIVE_INFINITY : cross;
        z[k + 1] = Double.POSITIVE_INFINITY;
      }
      if (k < 0) {
        return;
      }
      int j = 0;
      for (int q = 0, i = start; q < n; q++, i += stride) {
        while (z[j + 1] < q) {
          j++;
        }
        double dq = q - v[j];
        d[i] = s2 * dq * dq + f[v[j]];
      }
    }
  }
}
