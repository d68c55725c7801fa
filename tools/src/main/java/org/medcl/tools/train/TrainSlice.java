package org.medcl.tools.train;

/**
 * One preprocessed training slice at the training spacing, full in-plane extent.
 *
 * @param caseId subject id
 * @param z slice index in its volume
 * @param height rows (NIfTI y)
 * @param width columns (NIfTI x)
 * @param channels image channels
 * @param image z-scored intensities, row-major HWC
 * @param labels raw label values, row-major HW, or null for an unlabelled slice
 */
public record TrainSlice(
    String caseId, int z, int height, int width, int channels, float[] image, byte[] labels) {

  /** True when the slice keeps its scribbles. */
  public boolean labeled() {
    return labels != null;
  }
}
