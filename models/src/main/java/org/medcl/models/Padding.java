package org.medcl.models;

/** Padding of the 3 x 3 convolutions of the encoder and decoder blocks. */
public enum Padding {
  /**
   * Zero padding keeps the size; the input is padded inside the graph to a multiple of
   * {@code 2^depth} and the output cropped back, so any slice size works.
   */
  SAME,
  /**
   * No padding; each convolution removes a one-pixel border. The input is zero-padded by
   * {@link UNetConfig#inputPad()} on every side and the skips are centre-cropped.
   */
  VALID
}
