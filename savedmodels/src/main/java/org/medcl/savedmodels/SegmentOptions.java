package org.medcl.savedmodels;

/**
 * How {@link Segmenter#segment(org.medcl.data.Volume, SegmentOptions)} runs.
 *
 * @param flipTta average the probabilities with those of the left-right and the up-down flipped
 *     slices (three forward passes); the labels are then the arg-max of the average
 * @param batchSize slices per graph run
 * @param probabilities keep the class probabilities in the result (memory: 4 bytes per voxel
 *     and class); without them {@link Segmentation#probabilities()} is null
 */
public record SegmentOptions(boolean flipTta, int batchSize, boolean probabilities) {
  /** Default slices per graph run. */
  public static final int DEFAULT_BATCH = 4;

  /** No test-time augmentation, {@link #DEFAULT_BATCH} slices per run, probabilities kept. */
  public static final SegmentOptions DEFAULT = new SegmentOptions(false, DEFAULT_BATCH, true);

  /** Validates the batch size. */
  public SegmentOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, found " + batchSize);
    }
  }

  /** Options that keep the probabilities. */
  public SegmentOptions(boolean flipTta, int batchSize) {
    this(flipTta, batchSize, true);
  }
}
