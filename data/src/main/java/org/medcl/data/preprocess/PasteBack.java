package org.medcl.data.preprocess;

import java.nio.file.Path;
import java.util.List;
import org.medcl.data.Geometry;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiDatatype;

/**
 * Maps predictions made on slices back to the source volume's grid: padding is discarded,
 * voxels the slices did not cover get a fill value (see {@link SliceGeometry#cropsAway()}), a
 * resampled grid is mapped back by nearest neighbour. Without resampling the mapping is exact:
 * every covered voxel gets the value of exactly the slice pixel cut from it.
 */
public final class PasteBack {
  private PasteBack() {
  }

  /**
   * One slice's prediction, {@code [height][width]} row-major, as a {@code [ny][nx]} row-major
   * plane of the source grid (index {@code y * nx + x}).
   *
   * @param fill the value of voxels outside the slice (cropped away)
   */
  public static int[] toSource(SliceGeometry g, int[] prediction, int fill) {
    if (prediction.length != g.height() * g.width()) {
      throw new IllegalArgumentException("prediction has " + prediction.length
          + " values, expected " + g.height() + " x " + g.width());
    }
    int gw = g.gridNx();
    int gh = g.gridNy();
    int[] grid = new int[gw * gh];
    java.util.Arrays.fill(grid, fill);
    for (int r = 0; r < g.height(); r++) {
      int y = r + g.offsetY();
      if (y < 0 || y >= gh) {
        continue;
      }
      for (int c = 0; c < g.width(); c++) {
        int x = c + g.offsetX();
        if (x >= 0 && x < gw) {
          grid[y * gw + x] = prediction[r * g.width() + c];
        }
      }
    }
    if (!g.resampled()) {
      return grid;
    }
    return Resampler.resizeNearest(grid, gw, gh, g.nx(), g.ny());
  }

  /**
   * A label volume in the reference's grid and geometry from per-slice {@code [ny][nx]}
   * row-major labels, one per z.
   *
   * @throws IllegalArgumentException if the slice count or a slice size does not match
   */
  public static Volume fromSlices(List<int[]> slices, Volume reference) {
    if (slices.size() != reference.nz()) {
      throw new IllegalArgumentException(slices.size() + " slices, expected " + reference.nz()
          + " (nz of " + reference.sourceName() + ")");
    }
    return fromSlices(slices, reference.nx(), reference.ny(), reference.geometry(),
        reference.source().orElse(null));
  }

  /** As {@link #fromSlices(List, Volume)} with the grid and geometry given directly. */
  public static Volume fromSlices(List<int[]> slices, int nx, int ny, Geometry geometry,
      Path source) {
    int nz = slices.size();
    if (nz == 0) {
      throw new IllegalArgumentException("no slices, expected one per z");
    }
    int plane = nx * ny;
    float[] data = new float[plane * nz];
    for (int z = 0; z < nz; z++) {
      int[] s = slices.get(z);
      if (s.length != plane) {
        throw new IllegalArgumentException("slice " + z + " has " + s.length
            + " values, expected " + ny + " x " + nx + " = " + plane);
      }
      for (int i = 0; i < plane; i++) {
        data[z * plane + i] = s[i];
      }
    }
    return Volume.builder().dims(nx, ny, nz).adoptData(data).geometry(geometry)
        .datatype(NiftiDatatype.INT16).source(source).build();
  }
}
