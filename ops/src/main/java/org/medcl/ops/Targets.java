package org.medcl.ops;

/**
 * Soft one-hot targets from raw label values, on the Java side (METHOD.md section 6).
 *
 * <p>Layout HWC: pixel-major with the class channel fastest, so the target of pixel {@code p} and
 * class {@code i} is at {@code p * numClasses + i}; a batch of slices concatenated this way is
 * an NHWC tensor. An unannotated pixel gets all-zero channels (no supervision, never
 * background), so the supervision weight of a pixel is the sum of its channels.
 */
public final class Targets {

  private Targets() {
  }

  /**
   * One-hot encodes labels.
   *
   * @param labels one label per pixel: a class in {@code 0..numClasses-1} or the unannotated
   *     value
   * @param numClasses background plus foreground classes ({@code m + 1})
   * @param unannotatedValue the label value that means "no annotation" (MSCMR: 4); must lie
   *     outside {@code 0..numClasses-1}
   * @return {@code labels.length * numClasses} values, HWC
   * @throws IllegalArgumentException for a label that is neither a class nor the unannotated
   *     value, or an unannotated value that is a class
   */
  public static float[] oneHot(byte[] labels, int numClasses, int unannotatedValue) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("expected at least 1 class, found " + numClasses);
    }
    if (unannotatedValue >= 0 && unannotatedValue < numClasses) {
      throw new IllegalArgumentException("expected an unannotated value outside the classes 0.."
          + (numClasses - 1) + ", found " + unannotatedValue);
    }
    float[] out = new float[labels.length * numClasses];
    for (int p = 0; p < labels.length; p++) {
      int label = labels[p];
      if (label == unannotatedValue) {
        continue;
      }
      if (label < 0 || label >= numClasses) {
        throw new IllegalArgumentException("expected labels in 0.." + (numClasses - 1)
            + " or the unannotated value " + unannotatedValue + ", found " + label
            + " at pixel " + p);
      }
      out[p * numClasses + label] = 1f;
    }
    return out;
  }

  /**
   * The supervision weight of each pixel: the sum of its target channels.
   *
   * @param targets soft targets, HWC
   * @param numClasses channels per pixel
   * @return one weight per pixel
   * @throws IllegalArgumentException if the length is not a multiple of {@code numClasses}
   */
  public static float[] weights(float[] targets, int numClasses) {
    if (numClasses < 1 || targets.length % numClasses != 0) {
      throw new IllegalArgumentException("expected a length that is a multiple of " + numClasses
          + " classes, found " + targets.length);
    }
    float[] out = new float[targets.length / numClasses];
    for (int p = 0; p < out.length; p++) {
      float sum = 0f;
      for (int i = 0; i < numClasses; i++) {
        sum += targets[p * numClasses + i];
      }
      out[p] = sum;
    }
    return out;
  }
}
