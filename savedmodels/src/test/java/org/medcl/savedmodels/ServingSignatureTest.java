package org.medcl.savedmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class ServingSignatureTest {

  /** A look-alike signature: right names, labels as int64 and the method of a classifier. */
  @Test
  void wrongMethodAndLabelType_areBothReported() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> images = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, -1, -1, 1)));
      Placeholder<TFloat32> stat = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
      Placeholder<TFloat32> sp = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2)));
      Placeholder<TFloat32> prob = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, -1, -1, 4)));
      Placeholder<TInt64> labels = tf.placeholder(TInt64.class,
          Placeholder.shape(Shape.of(-1, -1, -1)));
      Signature sig = Signature.builder().methodName("tensorflow/serving/classify")
          .input("images", images).input("mean", stat).input("std", stat).input("spacing", sp)
          .output("probabilities", prob).output("labels", labels).build();
      assertEquals(List.of("method name 'tensorflow/serving/classify', expected "
          + "'tensorflow/serving/predict'", "labels has dtype DT_INT64, expected DT_INT32"),
          ServingSignature.problems(sig, 1, 4));
      assertEquals(List.of("method name 'tensorflow/serving/classify', expected "
          + "'tensorflow/serving/predict'", "probabilities has shape [-1, -1, -1, 4], expected "
          + "[-1, -1, -1, 5]", "labels has dtype DT_INT64, expected DT_INT32"),
          ServingSignature.problems(sig, 1, 5));
    }
  }

  @Test
  void statisticsShape_isPerImageForOneChannel() {
    // Shape.equals is false for unknown dimensions: compare the dimension arrays
    assertEquals(List.of(-1L), List.of(box(ServingSignature.statisticsShape(1).asArray())));
    assertEquals(List.of(-1L, 3L), List.of(box(ServingSignature.statisticsShape(3).asArray())));
  }

  private static Long[] box(long[] a) {
    Long[] b = new Long[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i];
    }
    return b;
  }
}
