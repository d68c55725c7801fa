package org.medcl.graphs.distributed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replicas of a mirrored step and how batch-wide quantities are shared between them.
 *
 * <p>Replica {@code k} runs on {@code devices.get(k)}; the first device is also the host device
 * that holds the variables, gathers the outputs (with {@link BatchTerms#GATHERED}), averages
 * the gradients and applies the optimizer update. Devices are TensorFlow device names:
 * {@code /device:CPU:1}, {@code /device:GPU:0}, or with a job for multi-worker graphs
 * {@code /job:worker/task:1/device:CPU:0}.
 *
 * @param devices one device per replica, distinct, at least one
 * @param batchNorm BatchNorm statistics across replicas
 * @param batchTerms where the batch-wide loss terms are computed
 */
public record MirroredConfig(List<String> devices, BatchNormSync batchNorm,
    BatchTerms batchTerms) {

  private static final Pattern DEVICE = Pattern.compile(
      "(/job:[a-z][a-z0-9_]*(/replica:\\d+)?/task:\\d+)?/device:(CPU|GPU):(\\d+)");
  private static final Pattern SHORT = Pattern.compile("(cpu|gpu):(\\d+)");

  /** Validates and copies the device list. */
  public MirroredConfig {
    if (devices == null || devices.isEmpty()) {
      throw new IllegalArgumentException("expected at least one device, found none");
    }
    if (batchNorm == null || batchTerms == null) {
      throw new IllegalArgumentException("batchNorm and batchTerms must be set");
    }
    devices = List.copyOf(devices);
    if (new HashSet<>(devices).size() != devices.size()) {
      throw new IllegalArgumentException("devices must be distinct, found " + devices);
    }
    for (String d : devices) {
      if (!DEVICE.matcher(d).matches()) {
        throw new IllegalArgumentException("unknown device '" + d + "', expected a name like "
            + "/device:CPU:0, /device:GPU:1 or /job:worker/task:1/device:CPU:0");
      }
    }
  }

  /** {@code n} CPU devices {@code /device:CPU:0..n-1} with the default settings. */
  public static MirroredConfig cpus(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("expected at least 1 device, found " + n);
    }
    List<String> d = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      d.add("/device:CPU:" + i);
    }
    return new MirroredConfig(d, BatchNormSync.DEFAULT, BatchTerms.DEFAULT);
  }

  /**
   * Parses the {@code --devices} value: a count {@code N} (N CPU devices, the form for tests
   * and benchmarks on a CPU build) or a comma-separated list of {@code cpu:i} / {@code gpu:i}
   * or full device names. Default settings.
   * TODO: on a GPU build a count could mean that many GPUs; that needs the visible devices
   * before the graph is built, which this parser does not have, so GPUs are named explicitly.
   */
  public static MirroredConfig parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("expected a device count or list, found '" + spec
          + "'");
    }
    String s = spec.trim();
    if (s.chars().allMatch(Character::isDigit)) {
      return cpus(Integer.parseInt(s));
    }
    List<String> d = new ArrayList<>();
    for (String part : s.split(",")) {
      String p = part.trim();
      Matcher m = SHORT.matcher(p.toLowerCase(Locale.ROOT));
      d.add(m.matches() ? "/device:" + m.group(1).toUpperCase(Locale.ROOT) + ":" + m.group(2)
          : p);
    }
    return new MirroredConfig(d, BatchNormSync.DEFAULT, BatchTerms.DEFAULT);
  }

  /** Replicas R. */
  public int replicas() {
    return devices.size();
  }

  /** The host device: variables, gathered terms, gradient average, optimizer update. */
  public String host() {
    return devices.get(0);
  }

  /** CPU devices the session must create: one more than the highest local CPU index. */
  public int cpuDeviceCount() {
    int n = 1;
    for (String d : devices) {
      Matcher m = DEVICE.matcher(d);
      if (m.matches() && m.group(1) == null && m.group(3).equals("CPU")) {
        n = Math.max(n, Integer.parseInt(m.group(4)) + 1);
      }
    }
    return n;
  }

  /** Whether any device is a GPU. */
  public boolean usesGpu() {
    return devices.stream().anyMatch(d -> d.contains("/device:GPU:"));
  }

  /** A copy with another BatchNorm setting. */
  public MirroredConfig withBatchNorm(BatchNormSync v) {
    return new MirroredConfig(devices, v, batchTerms);
  }

  /** A copy with another batch-terms setting. */
  public MirroredConfig withBatchTerms(BatchTerms v) {
    return new MirroredConfig(devices, batchNorm, v);
  }
}
