package org.medcl.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Arithmetic of a training session. Variables, optimizer slots, checkpoints and exported models
 * are float32 in both modes; the step's computation differs, and so do the validation
 * predictions made in the training session (exported models always run in float32).
 */
public enum Precision {
  /** Everything in float32 (the default). */
  FLOAT32,
  /**
   * Mixed bfloat16: TensorFlow's oneDNN auto-mixed-precision rewrite runs the convolutions and
   * matrix products in bfloat16, and the ops around them (element-wise ops, BatchNorm, pooling,
   * and on its lists also sums, means, softmax and log) in bfloat16 where their inputs are;
   * exp, pow and the cross-entropy ops stay float32. It needs a CPU with bfloat16 instructions
   * ({@code avx512_bf16} or {@code amx_bf16}); see {@link #bfloat16Supported()}.
   */
  BFLOAT16;

  /** The name used in configs and on the command line. */
  public String key() {
    return EnumNames.key(this);
  }

  /**
   * Parses {@code float32} or {@code bfloat16} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the legal values
   */
  public static Precision parse(String text) {
    return EnumNames.parse(Precision.class, text, "precision");
  }

  /**
   * Whether this machine's CPU has bfloat16 instructions, read from the flags of
   * {@code /proc/cpuinfo}; false where that file cannot be read.
   */
  public static boolean bfloat16Supported() {
    return bfloat16Supported(Path.of("/proc/cpuinfo"));
  }

  static boolean bfloat16Supported(Path cpuinfo) {
    try {
      for (String line : Files.readAllLines(cpuinfo)) {
        String l = line.toLowerCase(Locale.ROOT);
        if (l.startsWith("flags") && (hasFlag(l, "avx512_bf16") || hasFlag(l, "amx_bf16"))) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  private static boolean hasFlag(String line, String flag) {
    int colon = line.indexOf(':');
    for (String f : line.substring(colon + 1).trim().split("\\s+")) {
      if (f.equals(flag)) {
        return true;
      }
    }
    return false;
  }
}
