package org.medcl.tools.evaluate;

import java.util.Arrays;
import java.util.Locale;

/** The metrics {@link SegmentationMetrics} computes, with their report names and units. */
public enum Metric {
  /** Dice overlap, unitless, higher is better. */
  DICE("dice", ""),
  /** Hausdorff distance in mm. */
  HD("hd", "mm"),
  /** 95th-percentile Hausdorff distance in mm. */
  HD95("hd95", "mm"),
  /** Average symmetric surface distance in mm. */
  ASSD("assd", "mm");

  private final String key;
  private final String unit;

  Metric(String key, String unit) {
    this.key = key;
    this.unit = unit;
  }

  /** Lower-case name used in CSV headers and JSON fields, e.g. {@code hd95}. */
  public String key() {
    return key;
  }

  /** Unit of the values ({@code "mm"}), or an empty string for Dice. */
  public String unit() {
    return unit;
  }

  /**
   * The metric with the given key, case-insensitive.
   *
   * @throws IllegalArgumentException naming the legal keys when none matches
   */
  public static Metric fromKey(String key) {
    for (Metric m : values()) {
      if (m.key.equals(key.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown metric '" + key + "', expected one of "
            + Arrays.toString(Arrays.stream(values()).map(Metric::key).toArray()));
  }
}
