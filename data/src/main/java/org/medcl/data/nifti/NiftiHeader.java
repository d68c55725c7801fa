package org.medcl.data.nifti;

import java.nio.ByteOrder;
import java.nio.file.Path;
import org.medcl.data.Geometry;

/**
 * The parsed, validated header of a NIfTI-1 or NIfTI-2 file.
 *
 * @param file the file read
 * @param version 1 or 2
 * @param byteOrder the file's byte order
 * @param nx voxels along x ({@code dim[1]})
 * @param ny voxels along y ({@code dim[2]}, 1 if absent)
 * @param nz voxels along z ({@code dim[3]}, 1 if absent)
 * @param channels the 4th axis ({@code dim[4]}, 1 if absent)
 * @param datatype the voxel type
 * @param voxOffset byte offset of the voxel data
 * @param slope {@code scl_slope} as applied: 1 when the header says 0 or non-finite
 * @param inter {@code scl_inter} as applied: 0 when there is no scaling
 * @param geometry pixdim, qform, sform, codes and units
 * @param description the {@code descrip} text
 */
public record NiftiHeader(Path file, int version, ByteOrder byteOrder, int nx, int ny, int nz,
    int channels, NiftiDatatype datatype, long voxOffset, double slope, double inter,
    Geometry geometry, String description) {

  /** Voxels per channel. */
  public long voxelCount() {
    return (long) nx * ny * nz;
  }

  /** Voxels in all channels. */
  public long totalVoxels() {
    return voxelCount() * channels;
  }

  /** Bytes of voxel data the header declares. */
  public long dataBytes() {
    return totalVoxels() * datatype.bytes();
  }

  /** Whether a scaling other than identity applies. */
  public boolean scaled() {
    return slope != 1.0 || inter != 0.0;
  }

  /** Voxel spacing in the header's unit (absolute {@code pixdim[1..3]}). */
  public double[] spacing() {
    return geometry.spacing();
  }

  /** The voxel-to-world affine (nibabel's rule). */
  public double[][] affine() {
    return geometry.affine(nx, ny, nz);
  }
}
