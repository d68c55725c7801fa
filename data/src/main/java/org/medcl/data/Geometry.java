package org.medcl.data;

import java.util.Arrays;

/**
 * The header fields that place a volume in the scanner's world: {@code pixdim}, the qform
 * (quaternion b, c, d, offsets, qfac = sign of {@code pixdim[0]}) and the sform rows, their
 * codes, and {@code xyzt_units}. Writing a volume with the geometry of its source makes it open
 * aligned with the source in ITK-SNAP or 3D Slicer.
 *
 * <p>The voxel-to-world affine follows nibabel's rule: the sform if {@code sform_code > 0},
 * else the qform if {@code qform_code > 0}, else a scaling by {@code pixdim} with x flipped and
 * the volume centred on the origin (nibabel's Analyze base affine).
 */
public final class Geometry {
  /** {@code xyzt_units} for millimetres and seconds (NIFTI_UNITS_MM | NIFTI_UNITS_SEC). */
  public static final int UNITS_MM_SEC = 2 | 8;

  private final double[] pixdim;
  private final int qformCode;
  private final int sformCode;
  private final double[] quatern;
  private final double[] qoffset;
  private final double[][] srow;
  private final int xyztUnits;

  /**
   * Geometry from header fields; arrays are copied.
   *
   * @param pixdim the 8 {@code pixdim} values, {@code pixdim[0]} holding qfac
   * @param qformCode {@code qform_code}
   * @param sformCode {@code sform_code}
   * @param quatern quaternion b, c, d
   * @param qoffset qoffset x, y, z
   * @param srow the 3 sform rows of 4 values
   * @param xyztUnits {@code xyzt_units}
   */
  public Geometry(double[] pixdim, int qformCode, int sformCode, double[] quatern,
      double[] qoffset, double[][] srow, int xyztUnits) {
    checkLength("pixdim", pixdim, 8);
    checkLength("quatern", quatern, 3);
    checkLength("qoffset", qoffset, 3);
    if (srow.length != 3) {
      throw new IllegalArgumentException("srow has " + srow.length + " rows, expected 3");
    }
    this.pixdim = pixdim.clone();
    this.qformCode = qformCode;
    this.sformCode = sformCode;
    this.quatern = quatern.clone();
    this.qoffset = qoffset.clone();
    this.srow = new double[3][];
    for (int i = 0; i < 3; i++) {
      checkLength("srow[" + i + "]", srow[i], 4);
      this.srow[i] = srow[i].clone();
    }
    this.xyztUnits = xyztUnits;
  }

  /**
   * Geometry with only a voxel spacing (mm): both codes 0, so the affine is the pixdim scaling.
   * For volumes made in code.
   */
  public static Geometry ofSpacing(double dx, double dy, double dz) {
    if (!(dx > 0 && dy > 0 && dz > 0)) {
      throw new IllegalArgumentException(
          "spacing (" + dx + ", " + dy + ", " + dz + ") mm, expected all > 0");
    }
    double[] pixdim = {1, dx, dy, dz, 1, 1, 1, 1};
    return new Geometry(pixdim, 0, 0, new double[3], new double[3], new double[3][4],
        UNITS_MM_SEC);
  }

  private static void checkLength(String name, double[] a, int n) {
    if (a.length != n) {
      throw new IllegalArgumentException(name + " has " + a.length + " values, expected " + n);
    }
  }

  /** A copy of the 8 {@code pixdim} values. */
  public double[] pixdim() {
    return pixdim.clone();
  }

  /** Voxel spacing (absolute {@code pixdim[1..3]}), in the header's spatial unit. */
  public double[] spacing() {
    return new double[] {Math.abs(pixdim[1]), Math.abs(pixdim[2]), Math.abs(pixdim[3])};
  }

  /** qfac: -1 if {@code pixdim[0] < 0}, else 1 (0 counts as 1, as the NIfTI standard says). */
  public double qfac() {
    return pixdim[0] < 0 ? -1 : 1;
  }

  /** {@code qform_code}. */
  public int qformCode() {
    return qformCode;
  }

  /** {@code sform_code}. */
  public int sformCode() {
    return sformCode;
  }

  /** Quaternion b, c, d (copy). */
  public double[] quatern() {
    return quatern.clone();
  }

  /** qoffset x, y, z (copy). */
  public double[] qoffset() {
    return qoffset.clone();
  }

  /** The three sform rows (copy). */
  public double[][] srow() {
    double[][] out = new double[3][];
    for (int i = 0; i < 3; i++) {
      out[i] = srow[i].clone();
    }
    return out;
  }

  /** {@code xyzt_units}. */
  public int xyztUnits() {
    return xyztUnits;
  }

  /** The sform as a 4 x 4 matrix (whatever its code). */
  public double[][] sformAffine() {
    double[][] a = new double[4][4];
    for (int i = 0; i < 3; i++) {
      a[i] = srow[i].clone();
    }
    a[3][3] = 1;
    return a;
  }

  /**
   * The qform as a 4 x 4 matrix (whatever its code): the rotation of the unit quaternion
   * (a, b, c, d) with a = sqrt(1 - b^2 - c^2 - d^2), times diag(pixdim[1], pixdim[2],
   * qfac * pixdim[3]), plus the offsets.
   */
  public double[][] qformAffine() {
    double b = quatern[0];
    double c = quatern[1];
    double d = quatern[2];
    double rest = 1.0 - (b * b + c * c + d * d);
    double a;
    if (rest < 1e-7) {
      // a rounds to 0: a 180-degree rotation; renormalise b, c, d as the NIfTI C library does
      double norm = Math.sqrt(b * b + c * c + d * d);
      a = 0;
      b /= norm;
      c /= norm;
      d /= norm;
    } else {
      a = Math.sqrt(rest);
    }
    double[][] r = {
      {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
      {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
      {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - b * b - c * c}
    };
    double[] zoom = {pixdim[1], pixdim[2], pixdim[3] * qfac()};
    double[][] m = new double[4][4];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m[i][j] = r[i][j] * zoom[j];
      }
      m[i][3] = qoffset[i];
    }
    m[3][3] = 1;
    return m;
  }

  /**
   * nibabel's fallback affine without qform or sform: diag(-dx, dy, dz) with the voxel
   * {@code (shape - 1) / 2} at the origin.
   */
  public double[][] baseAffine(int nx, int ny, int nz) {
    double[] zoom = {-Math.abs(pixdim[1]), Math.abs(pixdim[2]), Math.abs(pixdim[3])};
    int[] shape = {nx, ny, nz};
    double[][] m = new double[4][4];
    for (int i = 0; i < 3; i++) {
      m[i][i] = zoom[i];
      m[i][3] = -(shape[i] - 1) / 2.0 * zoom[i];
    }
    m[3][3] = 1;
    return m;
  }

  /** The voxel-to-world affine by nibabel's rule (sform, else qform, else base affine). */
  public double[][] affine(int nx, int ny, int nz) {
    if (sformCode > 0) {
      return sformAffine();
    }
    if (qformCode > 0) {
      return qformAffine();
    }
    return baseAffine(nx, ny, nz);
  }

  /**
   * The geometry of an in-plane resampling where new voxel {@code j} has its centre at old
   * index {@code (j + 0.5) * step - 0.5} along x (step {@code stepX}) and y (step
   * {@code stepY}): spacings scale by the steps, the sform and qform offsets move to the new
   * first voxel centre. The quaternion is unchanged.
   */
  public Geometry resampledInPlane(double stepX, double stepY) {
    double[] newPixdim = pixdim.clone();
    newPixdim[1] *= stepX;
    newPixdim[2] *= stepY;
    double ox = 0.5 * stepX - 0.5;
    double oy = 0.5 * stepY - 0.5;
    double[][] newSrow = srow();
    for (int i = 0; i < 3; i++) {
      newSrow[i][3] = srow[i][0] * ox + srow[i][1] * oy + srow[i][3];
      newSrow[i][0] = srow[i][0] * stepX;
      newSrow[i][1] = srow[i][1] * stepY;
    }
    double[][] q = qformAffine();
    double[] newQoffset = new double[3];
    for (int i = 0; i < 3; i++) {
      newQoffset[i] = q[i][0] * ox + q[i][1] * oy + q[i][3];
    }
    return new Geometry(newPixdim, qformCode, sformCode, quatern, newQoffset, newSrow,
        xyztUnits);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Geometry)) {
      return false;
    }
    Geometry g = (Geometry) o;
    return Arrays.equals(pixdim, g.pixdim) && qformCode == g.qformCode
        && sformCode == g.sformCode && Arrays.equals(quatern, g.quatern)
        && Arrays.equals(qoffset, g.qoffset) && Arrays.deepEquals(srow, g.srow)
        && xyztUnits == g.xyztUnits;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(pixdim) * 31 + Arrays.deepHashCode(srow) + qformCode * 7 + sformCode;
  }

  @Override
  public String toString() {
    return "Geometry{pixdim=" + Arrays.toString(pixdim) + ", qform_code=" + qformCode
        + ", sform_code=" + sformCode + ", quatern=" + Arrays.toString(quatern)
        + ", qoffset=" + Arrays.toString(qoffset) + ", srow=" + Arrays.deepToString(srow)
        + ", xyzt_units=" + xyztUnits + "}";
  }
}
