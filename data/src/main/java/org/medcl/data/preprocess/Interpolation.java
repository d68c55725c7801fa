package org.medcl.data.preprocess;

/** In-plane interpolation for resampling. */
public enum Interpolation {
  /** Bilinear, for images. */
  LINEAR,
  /** Nearest neighbour, for labels. */
  NEAREST
}
