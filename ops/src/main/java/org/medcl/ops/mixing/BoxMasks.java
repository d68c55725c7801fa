package org.medcl.ops.mixing;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Axis-aligned box masks built in the graph from box bounds.
 *
 * <p>Bounds per image are {@code (y0, x0, y1, x1)}; the mask is 1 at rows {@code y0 <= y < y1}
 * and columns {@code x0 <= x < x1}, 0 elsewhere. {@link MixingDraws#boxFloats()} feeds them;
 * {@link MixingDraws#boxMaskFloats()} gives the same mask computed in Java.
 */
public final class BoxMasks {

  private BoxMasks() {
  }

  /**
   * Builds the masks.
   *
   * @param tf the graph context
   * @param boxes {@code [n, 4]} pixel bounds as floats
   * @param height slice height
   * @param width slice width
   * @return {@code [n, h, w, 1]} of 0 and 1
   */
  public static Operand<TFloat32> fromBounds(Ops tf, Operand<TFloat32> boxes, int height,
      int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("expected a slice of at least 1 x 1 pixels, found "
          + height + " x " + width);
    }
    Operand<TFloat32> rows = tf.reshape(
        tf.range(tf.constant(0f), tf.constant((float) height), tf.constant(1f)),
        tf.constant(new int[] {1, height, 1, 1}));
    Operand<TFloat32> cols = tf.reshape(
        tf.range(tf.constant(0f), tf.constant((float) width), tf.constant(1f)),
        tf.constant(new int[] {1, 1, width, 1}));
    Operand<TFloat32> y0 = column(tf, boxes, 0);
    Operand<TFloat32> x0 = column(tf, boxes, 1);
    Operand<TFloat32> y1 = column(tf, boxes, 2);
    Operand<TFloat32> x1 = column(tf, boxes, 3);
    Operand<TFloat32> inRows = tf.math.mul(
        tf.dtypes.cast(tf.math.greaterEqual(rows, y0), TFloat32.class),
        tf.dtypes.cast(tf.math.less(rows, y1), TFloat32.class));
    Operand<TFloat32> inCols = tf.math.mul(
        tf.dtypes.cast(tf.math.greaterEqual(cols, x0), TFloat32.class),
        tf.dtypes.cast(tf.math.less(cols, x1), TFloat32.class));
    return tf.math.mul(inRows, inCols);
  }

  private static Operand<TFloat32> column(Ops tf, Operand<TFloat32> boxes, int j) {
    Operand<TFloat32> col = tf.gather(boxes, tf.constant(j), tf.constant(1));
    return tf.reshape(col, tf.constant(new int[] {-1, 1, 1, 1}));
  }
}
