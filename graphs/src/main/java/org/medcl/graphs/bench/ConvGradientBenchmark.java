package org.medcl.graphs.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.medcl.graphs.ThreadSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.types.TFloat32;

/**
 * Times one 3 x 3 SAME convolution, forward and both gradients, written two ways in one
 * process, alternating: TensorFlow's {@code Conv2D} (whose filter gradient is
 * {@code Conv2DBackpropFilter}), and an explicit im2col (nine shifted slices concatenated on the
 * channel axis, one matrix product), whose filter gradient is one matrix product.
 *
 * <p>Usage: {@code ConvGradientBenchmark --batch N --size S --in C --out C [--steps 5]
 * [--intra 0] [--inter 0]}. Logs the median ms of each formulation and their ratio.
 */
public final class ConvGradientBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ConvGradientBenchmark.class);

  private ConvGradientBenchmark() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) {
    int batch = 32;
    int size = 212;
    int in = 16;
    int out = 16;
    int steps = 5;
    int intra = 0;
    int inter = 0;
    for (int i = 0; i < args.length; i++) {
      String key = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + key);
      }
      int v = Integer.parseInt(args[++i]);
      switch (key) {
        case "--batch" -> batch = v;
        case "--size" -> size = v;
        case "--in" -> in = v;
        case "--out" -> out = v;
        case "--steps" -> steps = v;
        case "--intra" -> intra = v;
        case "--inter" -> inter = v;
        default -> throw new IllegalArgumentException("unknown option " + key + ", expected"
            + " --batch, --size, --in, --out, --steps, --intra or --inter");
      }
    }
    double[][] ms = new double[2][steps];
    SplittableRandom random = new SplittableRandom(7);
    float[] x = new float[batch * size * size * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] w = new float[9 * in * out];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (random.nextGaussian() * 0.1);
    }
    try (Graph g1 = new Graph(); Graph g2 = new Graph()) {
      Operand<?>[] f1 = build(g1, batch, size, in, out, w, false);
      Operand<?>[] f2 = build(g2, batch, size, in, out, w, true);
      try (Session s1 = new Session(g1, new ThreadSettings(intra, inter).toConfigProto());
          Session s2 = new Session(g2, new ThreadSettings(intra, inter).toConfigProto());
          TFloat32 tx = TFloat32.tensorOf(Shape.of(batch, size, size, in),
              DataBuffers.of(x, true, false))) {
        double[] check = new double[2];
        for (int i = -1; i < steps; i++) {
          for (int k = 0; k < 2; k++) {
            Session s = k == 0 ? s1 : s2;
            Operand<?>[] f = k == 0 ? f1 : f2;
            long t0 = System.nanoTime();
            try (Result r = s.runner().feed(f[0], tx).fetch(f[1]).fetch(f[2]).fetch(f[3])
                .run()) {
              check[k] = ((TFloat32) r.get(0)).getFloat();
            }
            if (i >= 0) {
              ms[k][i] = (System.nanoTime() - t0) / 1e6;
            }
          }
        }
        double a = Median.of(ms[0]);
        double b = Median.of(ms[1]);
        LOG.info("bench conv batch={} size={} in={} out={} conv2d_ms={} im2col_ms={}"
            + " im2col_over_conv2d={} loss_conv2d={} loss_im2col={}", batch, size, in, out,
            String.format("%.1f", a), String.format("%.1f", b), String.format("%.3f", b / a),
            check[0], check[1]);
      }
    }
  }

  /** Builds the loss sum(y * y) / 2 and its gradients; returns the feed and the fetches. */
  private static Operand<?>[] build(Graph g, int batch, int size, int in, int out, float[] w,
      boolean im2col) {
    Ops tf = Ops.create(g);
    var x = tf.withName("x").placeholder(TFloat32.class,
        org.tensorflow.op.core.Placeholder.shape(Shape.of(batch, size, size, in)));
    Operand<TFloat32> k = tf.constant(Shape.of(3, 3, in, out), DataBuffers.of(w, true, false));
    Operand<TFloat32> y;
    if (!im2col) {
      y = tf.nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "SAME");
    } else {
      Operand<TFloat32> padded = tf.pad(x, tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1},
          {0, 0}}), tf.constant(0f));
      List<Operand<TFloat32>> shifts = new ArrayList<>();
      for (int dy = 0; dy < 3; dy++) {
        for (int dx = 0; dx < 3; dx++) {
          shifts.add(tf.slice(padded, tf.constant(new int[] {0, dy, dx, 0}),
              tf.constant(new int[] {batch, size, size, in})));
        }
      }
      Operand<TFloat32> cols = tf.reshape(tf.concat(shifts, tf.constant(3)),
          tf.constant(new long[] {(long) batch * size * size, 9L * in}));
      Operand<TFloat32> y2 = tf.linalg.matMul(cols, tf.reshape(k,
          tf.constant(new long[] {9L * in, out})));
      y = tf.reshape(y2, tf.constant(new long[] {batch, size, size, out}));
    }
    Operand<TFloat32> loss = tf.math.mul(tf.reduceSum(tf.math.square(y),
        tf.constant(new int[] {0, 1, 2, 3})), tf.constant(0.5f));
    Gradients grads = tf.gradients(loss, Arrays.asList(x, k));
    return new Operand<?>[] {x, loss, grads.dy(0), grads.dy(1)};
  }
}
