package org.medcl.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.medcl.data.nifti.NiftiDatatype;

/**
 * A 3D volume with one or more channels: {@code float} voxels in NIfTI order (x fastest, then
 * y, then z, then channel), the geometry of its header, the datatype it was read from and the
 * file it came from (for error messages). Values are after {@code scl_slope}/{@code scl_inter}.
 *
 * <p>The voxel array is not copied on the way out: {@link #get(int)} and the other accessors
 * read it, {@link #copyData()} hands out a copy.
 */
public final class Volume {
  private final float[] data;
  private final int nx;
  private final int ny;
  private final int nz;
  private final int channels;
  private final Geometry geometry;
  private final NiftiDatatype datatype;
  private final Path source;
  private float min = Float.NaN;
  private float max = Float.NaN;

  private Volume(Builder b, float[] data) {
    this.data = data;
    this.nx = b.nx;
    this.ny = b.ny;
    this.nz = b.nz;
    this.channels = b.channels;
    this.geometry = b.geometry;
    this.datatype = b.datatype;
    this.source = b.source;
  }

  /** A builder; dimensions, data and geometry are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding everything of this volume but its data. */
  public Builder toBuilder() {
    return new Builder().dims(nx, ny, nz, channels).geometry(geometry).datatype(datatype)
        .source(source);
  }

  /** Voxels along x. */
  public int nx() {
    return nx;
  }

  /** Voxels along y. */
  public int ny() {
    return ny;
  }

  /** Voxels along z (the through-plane axis). */
  public int nz() {
    return nz;
  }

  /** Channels (the 4th NIfTI axis; 1 for a 3D file). */
  public int channels() {
    return channels;
  }

  /** Voxels per channel, {@code nx * ny * nz}. */
  public int voxelCount() {
    return nx * ny * nz;
  }

  /** Values in all, {@code nx * ny * nz * channels}. */
  public int size() {
    return data.length;
  }

  /** Flat index of voxel (x, y, z) in channel c. */
  public int index(int x, int y, int z, int c) {
    return ((c * nz + z) * ny + y) * nx + x;
  }

  /** Value of voxel (x, y, z) in channel c. */
  public float get(int x, int y, int z, int c) {
    return data[index(x, y, z, c)];
  }

  /** Value of voxel (x, y, z) in channel 0. */
  public float get(int x, int y, int z) {
    return data[index(x, y, z, 0)];
  }

  /** Value at a flat index in NIfTI order. */
  public float get(int flatIndex) {
    return data[flatIndex];
  }

  /** A copy of all values in NIfTI order. */
  public float[] copyData() {
    return data.clone();
  }

  /** Voxel spacing in mm (x, y, z). */
  public double[] spacing() {
    return geometry.spacing();
  }

  /** The header geometry. */
  public Geometry geometry() {
    return geometry;
  }

  /** The voxel-to-world affine (nibabel's rule, see {@link Geometry}). */
  public double[][] affine() {
    return geometry.affine(nx, ny, nz);
  }

  /** The datatype the voxels were read from (or will be written as by default). */
  public NiftiDatatype datatype() {
    return datatype;
  }

  /** The file the volume came from, if any. */
  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }

  /** The source file name for messages, or {@code "<in memory>"}. */
  public String sourceName() {
    return source == null ? "<in memory>" : source.toString();
  }

  /** Smallest value over all channels. */
  public float min() {
    computeRange();
    return min;
  }

  /** Largest value over all channels. */
  public float max() {
    computeRange();
    return max;
  }

  private synchronized void computeRange() {
    if (!Float.isNaN(min)) {
      return;
    }
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (float v : data) {
      if (v < lo) {
        lo = v;
      }
      if (v > hi) {
        hi = v;
      }
    }
    min = lo;
    max = hi;
  }

  /** Whether another volume has the same nx, ny, nz. */
  public boolean sameShape(Volume other) {
    return nx == other.nx && ny == other.ny && nz == other.nz;
  }

  /** Shape as {@code nx x ny x nz} (with {@code x channels} when more than one). */
  public String shapeString() {
    return nx + " x " + ny + " x " + nz + (channels > 1 ? " x " + channels : "");
  }

  @Override
  public String toString() {
    return "Volume{" + shapeString() + ", " + datatype.label() + ", " + sourceName() + "}";
  }

  /** Builds a {@link Volume}; checks that the data length matches the dimensions. */
  public static final class Builder {
    private int nx;
    private int ny;
    private int nz;
    private int channels = 1;
    private float[] data;
    private boolean owned;
    private Geometry geometry;
    private NiftiDatatype datatype = NiftiDatatype.FLOAT32;
    private Path source;

    private Builder() {
    }

    /** Dimensions; each must be at least 1. */
    public Builder dims(int nx, int ny, int nz, int channels) {
      if (nx < 1 || ny < 1 || nz < 1 || channels < 1) {
        throw new IllegalArgumentException("dims " + nx + " x " + ny + " x " + nz + " x "
            + channels + ", expected all >= 1");
      }
      this.nx = nx;
      this.ny = ny;
      this.nz = nz;
      this.channels = channels;
      return this;
    }

    /** Dimensions of a single-channel volume. */
    public Builder dims(int nx, int ny, int nz) {
      return dims(nx, ny, nz, 1);
    }

    /** The values in NIfTI order; the array is copied. */
    public Builder data(float[] values) {
      this.data = values.clone();
      this.owned = true;
      return this;
    }

    /**
     * The values in NIfTI order, taken over without a copy: the caller must not touch the
     * array afterwards. For readers and preprocessing that build a fresh array.
     */
    public Builder adoptData(float[] values) {
      this.data = Objects.requireNonNull(values, "values");
      this.owned = true;
      return this;
    }

    /** The geometry. */
    public Builder geometry(Geometry g) {
      this.geometry = Objects.requireNonNull(g, "geometry");
      return this;
    }

    /** The datatype read (default float32). */
    public Builder datatype(NiftiDatatype t) {
      this.datatype = Objects.requireNonNull(t, "datatype");
      return this;
    }

    /** The source file (may be null). */
    public Builder source(Path p) {
      this.source = p;
      return this;
    }

    /** The volume. */
    public Volume build() {
      if (!owned || data == null) {
        throw new IllegalStateException("no data given to the volume builder");
      }
      if (geometry == null) {
        throw new IllegalStateException("no geometry given to the volume builder");
      }
      if (nx == 0) {
        throw new IllegalStateException("no dims given to the volume builder");
      }
      long expected = (long) nx * ny * nz * channels;
      if (data.length != expected) {
        throw new IllegalArgumentException("data has " + data.length + " values, expected "
            + expected + " for " + nx + " x " + ny + " x " + nz + " x " + channels);
      }
      Volume v = new Volume(this, data);
      data = null;
      owned = false;
      return v;
    }
  }
}
