package org.medcl.tools.predict;

/**
 * Options of whole-volume prediction.
 *
 * @param flipTta average with the flipped slices' predictions
 * @param largestComponent keep the largest 3D connected component per class
 * @param probabilities also write the class probabilities as a 4D float volume
 * @param overlays also write PNG overlays of a few slices per case
 * @param batchSize slices per inference call
 */
public record PredictOptions(boolean flipTta, boolean largestComponent, boolean probabilities,
    boolean overlays, int batchSize) {
  /** Default batch of slices per inference call. */
  public static final int DEFAULT_BATCH = 4;
}
