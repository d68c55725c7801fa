package org.medcl.models;

import java.util.List;

/**
 * One row of the UNet's layer table.
 *
 * @param name layer name, the variable scope under {@code unet/} (e.g. {@code enc0/conv0})
 * @param outputShape output shape of one slice: height, width, channels ({@code -1} where the
 *     graph does not know it statically)
 * @param parameters trainable parameters of the layer (kernel, bias, BatchNorm gamma and beta)
 * @param multiplyAdds forward multiply-adds of the layer's convolution for one slice
 *     ({@code -1} if the output size is not static)
 * @param head whether the layer belongs to the 1 x 1 output head rather than the body
 */
public record LayerInfo(
    String name, List<Long> outputShape, long parameters, long multiplyAdds, boolean head) {

  /** Copies the shape. */
  public LayerInfo {
    outputShape = List.copyOf(outputShape);
  }
}
