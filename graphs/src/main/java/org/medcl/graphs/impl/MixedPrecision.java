package org.medcl.graphs.impl;

import org.medcl.models.Precision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/**
 * Turns a step's {@link Precision} into session options: for bfloat16, TensorFlow's oneDNN
 * auto-mixed-precision graph rewrite ({@code auto_mixed_precision_onednn_bfloat16}), which
 * needs TensorFlow's oneDNN kernels ({@code TF_ENABLE_ONEDNN_OPTS=1}, as the {@code medcl}
 * launcher sets) and a CPU with bfloat16 instructions.
 */
public final class MixedPrecision {
  private static final Logger LOG = LoggerFactory.getLogger(MixedPrecision.class);

  private MixedPrecision() {}

  /**
   * The precision a step will run in: {@code requested}, except bfloat16 on a CPU without
   * bfloat16 instructions, which runs in float32 with a warning (TensorFlow would otherwise
   * emulate it slowly or skip the rewrite).
   */
  public static Precision effective(Precision requested) {
    return effective(requested, Precision.bfloat16Supported(),
        System.getenv("TF_ENABLE_ONEDNN_OPTS"));
  }

  static Precision effective(Precision requested, boolean cpuHasBfloat16, String onednnOpts) {
    if (requested == Precision.BFLOAT16 && ("0".equals(onednnOpts)
        || "false".equalsIgnoreCase(String.valueOf(onednnOpts)))) {
      LOG.warn("precision=bfloat16 ignored: TF_ENABLE_ONEDNN_OPTS={} turns off the oneDNN"
          + " kernels the rewrite needs; the step runs in float32", onednnOpts);
      return Precision.FLOAT32;
    }
    if (requested == Precision.BFLOAT16 && !cpuHasBfloat16) {
      LOG.warn("precision=bfloat16 ignored: this CPU has no bfloat16 instructions (avx512_bf16"
          + " or amx_bf16 in /proc/cpuinfo); the step runs in float32");
      return Precision.FLOAT32;
    }
    return requested;
  }

  /** {@code proto} with the graph rewrite that {@code precision} needs (none for float32). */
  public static ConfigProto apply(ConfigProto proto, Precision precision) {
    if (precision != Precision.BFLOAT16) {
      return proto;
    }
    ConfigProto.Builder b = proto.toBuilder();
    RewriterConfig.Builder rewrite = b.getGraphOptionsBuilder().getRewriteOptionsBuilder();
    rewrite.setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
    return b.build();
  }
}
