package org.medcl.ops.mixing;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Intra-image mix of METHOD.md section 2, on input data (no gradient through the rotation):
 * {@code x' = I_b x + (1 - I_b) (beta' x + (1 - beta') R(x, theta))}, with the soft targets mixed
 * the same way.
 *
 * <p>{@code R} is {@link Rotation} about the slice centre, bilinear for images and nearest for
 * targets; pixels brought in from outside are 0 in the image and all-zero (unannotated, never
 * background) in the targets. A mixed target pixel's channel sum is therefore the mixed mass of
 * its annotated parts, its supervision weight.
 */
public final class IntraMix {

  /**
   * Mixed images and targets.
   *
   * @param images {@code [n, h, w, c]}
   * @param targets {@code [n, h, w, C]}
   */
  public record Mixed(Operand<TFloat32> images, Operand<TFloat32> targets) {
  }

  private IntraMix() {
  }

  /**
   * Mixes with a fed box mask.
   *
   * @param tf the graph context
   * @param images {@code [n, h, w, c]} with static h, w
   * @param targets soft targets {@code [n, h, w, C]}, all-zero where unannotated
   * @param theta {@code [n]} radians
   * @param boxMask {@code [n, h, w, 1]}, 1 inside the kept box
   * @param betaPrime {@code [n]}
   * @return the mixed images and targets
   */
  public static Mixed apply(Ops tf, Operand<TFloat32> images, Operand<TFloat32> targets,
      Operand<TFloat32> theta, Operand<TFloat32> boxMask, Operand<TFloat32> betaPrime) {
    Rotation.spatialSize(images);
    Operand<TFloat32> bp = tf.reshape(betaPrime, tf.constant(new int[] {-1, 1, 1, 1}));
    Operand<TFloat32> rotatedImages = Rotation.apply(tf, images, theta,
        Rotation.Interpolation.BILINEAR);
    Operand<TFloat32> rotatedTargets = Rotation.apply(tf, targets, theta,
        Rotation.Interpolation.NEAREST);
    return new Mixed(mix(tf, images, rotatedImages, boxMask, bp),
        mix(tf, targets, rotatedTargets, boxMask, bp));
  }

  /**
   * Mixes with the box mask built in the graph from bounds {@code [n, 4]}
   * ({@link BoxMasks#fromBounds}).
   *
   * @param tf the graph context
   * @param images {@code [n, h, w, c]} with static h, w
   * @param targets soft targets {@code [n, h, w, C]}
   * @param theta {@code [n]} radians
   * @param boxes {@code [n, 4]} as {@code (y0, x0, y1, x1)}, upper bounds exclusive
   * @param betaPrime {@code [n]}
   * @return the mixed images and targets
   */
  public static Mixed applyWithBoxes(Ops tf, Operand<TFloat32> images,
      Operand<TFloat32> targets, Operand<TFloat32> theta, Operand<TFloat32> boxes,
      Operand<TFloat32> betaPrime) {
    long[] hw = Rotation.spatialSize(images);
    Operand<TFloat32> mask = BoxMasks.fromBounds(tf, boxes, (int) hw[0], (int) hw[1]);
    return apply(tf, images, targets, theta, mask, betaPrime);
  }

  private static Operand<TFloat32> mix(Ops tf, Operand<TFloat32> x, Operand<TFloat32> rotated,
      Operand<TFloat32> mask, Operand<TFloat32> bp) {
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> outside = tf.math.add(tf.math.mul(bp, x),
        tf.math.mul(tf.math.sub(one, bp), rotated));
    return tf.math.add(tf.math.mul(mask, x), tf.math.mul(tf.math.sub(one, mask), outside));
  }
}
