package org.medcl.data.preprocess;

import java.util.Objects;

/**
 * One 2D training or prediction slice taken at {@code z} from a volume.
 *
 * <p>Layout: the slice is row-major {@code [height][width]} with {@code height} along the
 * volume's y axis and {@code width} along its x axis, so pixel (row r, column c) comes from
 * voxel (x = c + offsetX, y = r + offsetY) of the (possibly resampled) volume, offsets given by
 * the case's {@link SliceGeometry}. The image is HWC: value of channel k at (r, c) is
 * {@code image[(r * width + c) * channels + k]}, z-scored. Labels hold the raw label values
 * (the unannotated value included), one byte per pixel, read with
 * {@link Byte#toUnsignedInt(byte)}; conversion to one-hot targets happens later.
 *
 * @param caseId the case id
 * @param z the slice index in the volume
 * @param height rows (y)
 * @param width columns (x)
 * @param channels image channels
 * @param image {@code height * width * channels} values, HWC
 * @param labels {@code height * width} raw label values, or null for an unlabelled slice
 */
public record Slice2D(String caseId, int z, int height, int width, int channels, float[] image,
    byte[] labels) {
  /** Validates the array lengths. */
  public Slice2D {
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(image, "image");
    if (height < 1 || width < 1 || channels < 1) {
      throw new IllegalArgumentException("slice " + height + " x " + width + " x " + channels
          + ", expected all >= 1");
    }
    if (image.length != height * width * channels) {
      throw new IllegalArgumentException("image has " + image.length + " values, expected "
          + height * width * channels + " for " + height + " x " + width + " x " + channels);
    }
    if (labels != null && labels.length != height * width) {
      throw new IllegalArgumentException("labels have " + labels.length + " values, expected "
          + height * width);
    }
  }

  /** Whether the slice has labels. */
  public boolean hasLabels() {
    return labels != null;
  }

  /** Raw label value at (row, column). */
  public int label(int row, int col) {
    return Byte.toUnsignedInt(labels[row * width + col]);
  }

  /** Image value of channel k at (row, column). */
  public float pixel(int row, int col, int k) {
    return image[(row * width + col) * channels + k];
  }
}
