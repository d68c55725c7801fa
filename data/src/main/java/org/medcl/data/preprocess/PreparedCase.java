package org.medcl.data.preprocess;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.medcl.data.Geometry;
import org.medcl.data.Volume;

/**
 * The slices of one volume with what is needed to paste predictions back: the
 * {@link SliceGeometry}, the source grid's size, geometry and file.
 *
 * @param caseId the case id
 * @param slices one slice per z, in z order
 * @param sliceGeometry how slices map to the source grid
 * @param nz slices in the source volume
 * @param geometry the source volume's header geometry
 * @param source the source image file, or null
 */
public record PreparedCase(String caseId, List<Slice2D> slices, SliceGeometry sliceGeometry,
    int nz, Geometry geometry, Path source) {
  /** Validates and copies. */
  public PreparedCase {
    Objects.requireNonNull(caseId, "caseId");
    slices = List.copyOf(slices);
    Objects.requireNonNull(sliceGeometry, "sliceGeometry");
    Objects.requireNonNull(geometry, "geometry");
  }

  /**
   * A label volume in the source grid from one {@code [height][width]} prediction per slice
   * (in z order), voxels outside the slices set to {@code fill}.
   */
  public Volume toSourceVolume(List<int[]> predictions, int fill) {
    if (predictions.size() != nz) {
      throw new IllegalArgumentException(predictions.size() + " predictions, expected " + nz
          + " for " + caseId);
    }
    List<int[]> planes = new java.util.ArrayList<>();
    for (int[] p : predictions) {
      planes.add(PasteBack.toSource(sliceGeometry, p, fill));
    }
    return PasteBack.fromSlices(planes, sliceGeometry.nx(), sliceGeometry.ny(), geometry,
        source);
  }
}
