package org.medcl.data.preprocess;

/**
 * How the 2D slices of one volume relate to its grid, so that a prediction can be pasted back
 * exactly.
 *
 * <p>The volume's in-plane grid of {@code nx x ny} voxels is first resampled (optionally) to
 * {@code gridNx x gridNy}; slices of {@code height x width} are then cut from that grid with
 * slice pixel (row r, column c) at grid voxel (x = c + offsetX, y = r + offsetY). A negative
 * offset means padding before the grid; a positive offset means the grid was cropped.
 * Centring: along an axis of L voxels and slice side S, a crop starts at {@code (L - S) / 2}
 * and a pad puts {@code (S - L) / 2} pixels before the grid (integer division), the rest after.
 *
 * @param nx voxels along x of the source volume
 * @param ny voxels along y of the source volume
 * @param gridNx voxels along x after resampling ({@code nx} without resampling)
 * @param gridNy voxels along y after resampling
 * @param height slice rows
 * @param width slice columns
 * @param offsetX grid x of slice column 0
 * @param offsetY grid y of slice row 0
 */
public record SliceGeometry(int nx, int ny, int gridNx, int gridNy, int height, int width,
    int offsetX, int offsetY) {
  /** Validates. */
  public SliceGeometry {
    if (nx < 1 || ny < 1 || gridNx < 1 || gridNy < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("slice geometry " + nx + " x " + ny + " -> " + gridNx
          + " x " + gridNy + " -> " + width + " x " + height + ", expected all sizes >= 1");
    }
  }

  /** Slices of {@code height x width} centred on a grid of {@code nx x ny} (no resampling). */
  public static SliceGeometry centred(int nx, int ny, int height, int width) {
    return centred(nx, ny, nx, ny, height, width);
  }

  /** Slices of {@code height x width} centred on the resampled grid. */
  public static SliceGeometry centred(int nx, int ny, int gridNx, int gridNy, int height,
      int width) {
    return new SliceGeometry(nx, ny, gridNx, gridNy, height, width,
        centreOffset(gridNx, width), centreOffset(gridNy, height));
  }

  /**
   * Slices covering the whole (resampled) grid, padded (centred) up to a multiple of
   * {@code multiple} along each axis and never cropped; {@code multiple = 1} means no padding.
   */
  public static SliceGeometry fullExtent(int nx, int ny, int gridNx, int gridNy, int multiple) {
    if (multiple < 1) {
      throw new IllegalArgumentException("multiple " + multiple + ", expected >= 1");
    }
    int w = (gridNx + multiple - 1) / multiple * multiple;
    int h = (gridNy + multiple - 1) / multiple * multiple;
    return centred(nx, ny, gridNx, gridNy, h, w);
  }

  private static int centreOffset(int length, int side) {
    return length >= side ? (length - side) / 2 : -((side - length) / 2);
  }

  /** Whether the grid was resampled. */
  public boolean resampled() {
    return gridNx != nx || gridNy != ny;
  }

  /** Whether some grid voxels fall outside the slices (cropped away). */
  public boolean cropsAway() {
    int[] c = croppedAway();
    return c[0] + c[1] + c[2] + c[3] > 0;
  }

  /**
   * Grid voxels cut off on each side: {@code {left (x < offsetX), right, top (y < offsetY),
   * bottom}}. All 0 when the slices cover the grid; callers that need every voxel predicted
   * should then use {@link #fullExtent} instead.
   */
  public int[] croppedAway() {
    int left = Math.max(0, offsetX);
    int right = Math.max(0, gridNx - (offsetX + width));
    int top = Math.max(0, offsetY);
    int bottom = Math.max(0, gridNy - (offsetY + height));
    return new int[] {left, right, top, bottom};
  }

  /** Whether slice pixel (row, col) lies on the grid (not padding). */
  public boolean onGrid(int row, int col) {
    int x = col + offsetX;
    int y = row + offsetY;
    return x >= 0 && x < gridNx && y >= 0 && y < gridNy;
  }
}
