package org.medcl.models;

/**
 * What a TRAINING forward of the UNet keeps for its backward pass.
 *
 * <p>{@link #KEEP}: TensorFlow's gradient of the whole graph; every tensor a gradient op reads
 * (each convolution's output, BatchNorm's output, the LeakyReLU and dropout outputs, the
 * pooled and concatenated maps) stays in memory from the forward pass until the backward pass
 * has used it.
 *
 * <p>{@link #RECOMPUTE}: only the convolution outputs (before BatchNorm), the dropout masks
 * (boolean, one byte per element), the padded input and the last activation are kept. The
 * backward pass of each convolution rebuilds, from the kept output of the convolution before
 * it, the BatchNorm (batch statistics again), LeakyReLU, dropout (with the kept mask),
 * pooling, upsampling, cropping and concatenation that lie between the two, once the gradient
 * arriving at it is ready, and differentiates that piece alone. TensorFlow prunes the rebuilt
 * convolutions, whose gradients need only their inputs, except level 0's first: it is rebuilt
 * from the padded input rather than kept, since it reads only the input channels. Gradients
 * are the same as {@link #KEEP}'s up to float rounding; the elementwise work of the forward
 * pass runs about twice.
 */
public enum ActivationMemory {
  /** Keep every activation the backward pass reads (TensorFlow's plain gradient). */
  KEEP,
  /** Keep the convolution outputs; rebuild the elementwise layers during the backward pass. */
  RECOMPUTE;

  /** The configuration value: {@code keep} or {@code recompute}. */
  public String key() {
    return EnumNames.key(this);
  }

  /** Parses a configuration value, ignoring case and surrounding blanks. */
  public static ActivationMemory parse(String text) {
    return EnumNames.parse(ActivationMemory.class, text, "activation memory");
  }
}
