package org.medcl.ops.mixing;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.image.ImageProjectiveTransformV3;
import org.tensorflow.types.TFloat32;

/**
 * Rotation of NHWC images about the slice centre, in the graph, for input data only
 * ({@code ImageProjectiveTransformV3} has no gradient).
 *
 * <p>Convention: pixel centres lie at integer coordinates, x the column and y the row, the
 * centre at {@code ((w - 1) / 2, (h - 1) / 2)}. Output pixel {@code p} samples the input at
 * {@code c + R(theta) (p - c)} with {@code R = [[cos, -sin], [sin, cos]]} in (x, y); displayed
 * with row 0 at the top, the content turns counter-clockwise by {@code theta}. For a square
 * slice of side {@code s} and {@code theta = pi/2}: {@code out[y][x] = in[x][s - 1 - y]}.
 * Samples outside the input read the fill value 0 (bilinear blends the missing neighbours as 0).
 */
public final class Rotation {

  /** How samples between pixel centres are read. */
  public enum Interpolation {
    /** Bilinear, for images. */
    BILINEAR,
    /** Nearest neighbour (rounding half away from zero), for label maps and targets. */
    NEAREST
  }

  private Rotation() {
  }

  /**
   * Rotates each image by its own angle.
   *
   * @param tf the graph context
   * @param images {@code [n, h, w, c]} with static h and w
   * @param theta {@code [n]} radians
   * @param interpolation bilinear for images, nearest for targets
   * @return {@code [n, h, w, c]}, 0 where the rotation brings in pixels from outside
   * @throws IllegalArgumentException if the images are not rank 4 with static h and w
   */
  public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, Operand<TFloat32> theta,
      Interpolation interpolation) {
    long[] hw = spatialSize(images);
    Operand<TFloat32> transforms = transforms(tf, theta, (int) hw[0], (int) hw[1]);
    return tf.image.imageProjectiveTransformV3(images, transforms,
        tf.constant(new int[] {(int) hw[0], (int) hw[1]}), tf.constant(0f),
        interpolation.name(), ImageProjectiveTransformV3.fillMode("CONSTANT"));
  }

  /**
   * The projective transforms {@code [n, 8]} of rotations about the centre of an
   * {@code h x w} slice, as {@code ImageProjectiveTransformV3} expects them (output to input).
   *
   * @param tf the graph context
   * @param theta {@code [n]} radians
   * @param height slice height
   * @param width slice width
   * @return {@code [n, 8]}
   */
  public static Operand<TFloat32> transforms(Ops tf, Operand<TFloat32> theta, int height,
      int width) {
    float cx = (width - 1) / 2f;
    float cy = (height - 1) / 2f;
    Operand<TFloat32> c = tf.math.cos(theta);
    Operand<TFloat32> s = tf.math.sin(theta);
    Operand<TFloat32> fcx = tf.constant(cx);
    Operand<TFloat32> fcy = tf.constant(cy);
    Operand<TFloat32> zero = tf.zerosLike(theta);
    // x_in = c x - s y + (cx - c cx + s cy); y_in = s x + c y + (cy - s cx - c cy).
    Operand<TFloat32> a2 = tf.math.add(tf.math.sub(fcx, tf.math.mul(c, fcx)),
        tf.math.mul(s, fcy));
    Operand<TFloat32> b2 = tf.math.sub(tf.math.sub(fcy, tf.math.mul(s, fcx)),
        tf.math.mul(c, fcy));
    return tf.stack(List.of(c, tf.math.neg(s), a2, s, c, b2, zero, zero), Stack.axis(1L));
  }

  static long[] spatialSize(Operand<TFloat32> images) {
    Shape shape = images.shape();
    if (shape.numDimensions() != 4 || shape.get(1) < 1 || shape.get(2) < 1) {
      throw new IllegalArgumentException("expected images [n, h, w, c] with static h and w,"
          + " found shape " + shape);
    }
    return new long[] {shape.get(1), shape.get(2)};
  }
}
