package org.medcl.data.nifti;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The NIfTI voxel datatypes this reader and writer support, with their header codes. */
public enum NiftiDatatype {
  /** Unsigned 8-bit integer, code 2. */
  UINT8(2, 1, true),
  /** Signed 8-bit integer, code 256. */
  INT8(256, 1, true),
  /** Signed 16-bit integer, code 4. */
  INT16(4, 2, true),
  /** Unsigned 16-bit integer, code 512. */
  UINT16(512, 2, true),
  /** Signed 32-bit integer, code 8. */
  INT32(8, 4, true),
  /** Unsigned 32-bit integer, code 768. */
  UINT32(768, 4, true),
  /** Signed 64-bit integer, code 1024 (values beyond 2^24 lose precision as float). */
  INT64(1024, 8, true),
  /** IEEE 32-bit float, code 16. */
  FLOAT32(16, 4, false),
  /** IEEE 64-bit float, code 64 (read into float precision). */
  FLOAT64(64, 8, false);

  private final int code;
  private final int bytes;
  private final boolean integer;

  NiftiDatatype(int code, int bytes, boolean integer) {
    this.code = code;
    this.bytes = bytes;
    this.integer = integer;
  }

  /** The header's {@code datatype} code. */
  public int code() {
    return code;
  }

  /** Bytes per voxel. */
  public int bytes() {
    return bytes;
  }

  /** Bits per voxel, as written to {@code bitpix}. */
  public int bitpix() {
    return bytes * 8;
  }

  /** Whether the type stores integers. */
  public boolean isInteger() {
    return integer;
  }

  /** Smallest raw value the type can store (as a double). */
  public double minValue() {
    switch (this) {
      case UINT8:
      case UINT16:
      case UINT32:
        return 0;
      case INT8:
        return Byte.MIN_VALUE;
      case INT16:
        return Short.MIN_VALUE;
      case INT32:
        return Integer.MIN_VALUE;
      case INT64:
        return Long.MIN_VALUE;
      case FLOAT32:
        return -Float.MAX_VALUE;
      default:
        return -Double.MAX_VALUE;
    }
  }

  /** Largest raw value the type can store (as a double). */
  public double maxValue() {
    switch (this) {
      case UINT8:
        return 255;
      case INT8:
        return Byte.MAX_VALUE;
      case INT16:
        return Short.MAX_VALUE;
      case UINT16:
        return 65535;
      case INT32:
        return Integer.MAX_VALUE;
      case UINT32:
        return 4294967295.0;
      case INT64:
        return Long.MAX_VALUE;
      case FLOAT32:
        return Float.MAX_VALUE;
      default:
        return Double.MAX_VALUE;
    }
  }

  /** Lower-case name as NIfTI tools print it, e.g. {@code int16}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The datatype with a header code.
   *
   * @throws IllegalArgumentException if the code is not supported; the message lists the
   *     supported codes
   */
  public static NiftiDatatype fromCode(int code) {
    for (NiftiDatatype t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "datatype " + code + describeCode(code) + " is not supported, expected one of "
            + supportedList());
  }

  /** The supported types as {@code uint8(2), int8(256), ...}. */
  public static String supportedList() {
    return Arrays.stream(values())
        .map(t -> t.label() + "(" + t.code + ")")
        .collect(Collectors.joining(", "));
  }

  private static String describeCode(int code) {
    switch (code) {
      case 0:
        return " (unknown)";
      case 1:
        return " (binary)";
      case 32:
        return " (complex64)";
      case 128:
        return " (rgb24)";
      case 1280:
        return " (uint64)";
      case 1536:
        return " (float128)";
      case 1792:
        return " (complex128)";
      case 2048:
        return " (complex256)";
      case 2304:
        return " (rgba32)";
      default:
        return "";
    }
  }
}
