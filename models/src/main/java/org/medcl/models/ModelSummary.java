package org.medcl.models;

import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The layer table of a UNet for one slice size: each layer's output shape, parameters and
 * multiply-adds, the total trainable parameters, the body's share (everything before the
 * 1 x 1 head) and the forward multiply-adds per slice. Built from a throw-away graph, so the
 * numbers are those of the variables and ops {@link UNet} really creates. Multiply-adds count
 * the convolutions only (BatchNorm, activations and pooling are memory-bound and left out).
 *
 * @param config the network configuration
 * @param height slice height
 * @param width slice width
 * @param layers the rows, encoder first, head last
 * @param totalParameters trainable parameters of the whole network
 * @param bodyParameters trainable parameters before the 1 x 1 head
 * @param multiplyAdds forward multiply-adds for one slice
 */
public record ModelSummary(
    UNetConfig config,
    int height,
    int width,
    List<LayerInfo> layers,
    long totalParameters,
    long bodyParameters,
    long multiplyAdds) {

  /** Copies the rows. */
  public ModelSummary {
    layers = List.copyOf(layers);
  }

  /** Builds the network for one {@code height x width} slice and tabulates it. */
  public static ModelSummary of(UNetConfig config, int height, int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("slice size must be positive, found " + height + " x "
          + width);
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      UNet net = UNet.create(tf, config);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(
          Shape.of(1, height, width, config.inputChannels())));
      List<LayerInfo> rows = net.forward(tf, x, Mode.INFERENCE).layers();
      long total = 0;
      long body = 0;
      long macs = 0;
      for (LayerInfo r : rows) {
        total += r.parameters();
        if (!r.head()) {
          body += r.parameters();
        }
        macs += r.multiplyAdds();
      }
      return new ModelSummary(config, height, width, rows, total, body, macs);
    }
  }

  /** The table as text, one layer a line, then the totals. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-14s %-20s %14s %16s%n", "layer", "output (h,w,c)",
        "parameters", "multiply-adds"));
    for (LayerInfo r : layers) {
      sb.append(String.format(Locale.ROOT, "%-14s %-20s %,14d %,16d%n", r.name(),
          r.outputShape().toString(), r.parameters(), r.multiplyAdds()));
    }
    sb.append(String.format(Locale.ROOT, "input %d x %d x %d%n", height, width,
        config.inputChannels()));
    sb.append(String.format(Locale.ROOT, "trainable parameters %,d (body %,d, head %,d)%n",
        totalParameters, bodyParameters, totalParameters - bodyParameters));
    sb.append(String.format(Locale.ROOT, "forward multiply-adds per slice %,d (%.2f G)%n",
        multiplyAdds, multiplyAdds / 1e9));
    return sb.toString();
  }
}
