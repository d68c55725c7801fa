package org.medcl.tools.predict;

/** Class probabilities of a batch of slices; a checkpoint's graph or a SavedModel. */
@FunctionalInterface
public interface SliceInference {
  /**
   * @param images {@code [n, height, width, channels]} z-scored intensities, row-major
   * @return {@code [n, height, width, classes]} probabilities, row-major
   */
  float[] probabilities(float[] images, int n, int height, int width);
}
