package org.medcl.savedmodels;

import org.medcl.data.Volume;

/**
 * A segmented volume. Arrays are handed out as they are, not copied.
 *
 * @param labels label volume {@code nx x ny x nz}, one channel, the input's geometry, voxel
 *     values the model's label values (background value included)
 * @param classIndices class index per voxel (0 = background), NIfTI order (x fastest)
 * @param probabilities class probabilities {@code [z][y][x][class]}, or null when not asked for
 * @param numClasses classes, background included
 */
public record Segmentation(Volume labels, int[] classIndices, float[] probabilities,
    int numClasses) {

  /** Probability of class {@code c} at voxel (x, y, z). */
  public float probability(int x, int y, int z, int c) {
    return probabilities[((z * labels.ny() + y) * labels.nx() + x) * numClasses + c];
  }
}
