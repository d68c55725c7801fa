package org.medcl.models;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The names of enum constants as configurations and command lines spell them: the constant's
 * name in lower case ({@code PER_REPLICA} is {@code per_replica}, and {@code per-replica} is
 * accepted too).
 */
public final class EnumNames {

  private EnumNames() {}

  /** The configuration name of {@code value}. */
  public static String key(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The constant of {@code type} named {@code text}, ignoring case, surrounding blanks and the
   * difference between {@code -} and {@code _}.
   *
   * @param what what the value is, for the error ("precision", "learning-rate schedule")
   * @throws IllegalArgumentException "unknown WHAT 'TEXT', expected one of a, b, c"
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
    String t = text == null ? "" : text.trim().replace('-', '_');
    for (E v : type.getEnumConstants()) {
      if (v.name().equalsIgnoreCase(t)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " '" + text + "', expected one of "
        + Arrays.stream(type.getEnumConstants()).map(EnumNames::key)
            .collect(Collectors.joining(", ")));
  }
}
