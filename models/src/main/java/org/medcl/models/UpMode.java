package org.medcl.models;

/** How a decoder step doubles the spatial size. */
public enum UpMode {
  /** 2 x 2 transposed convolution with stride 2, then BatchNorm and LeakyReLU. */
  TRANSPOSED,
  /** Nearest-neighbour x2, 3 x 3 convolution with padding 1, BatchNorm and LeakyReLU. */
  NEAREST_CONV
}
