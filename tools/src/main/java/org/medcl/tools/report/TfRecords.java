package org.medcl.tools.report;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files. Each record is: the data length
 * as a little-endian uint64, the masked CRC32C of those 8 bytes (uint32), the data, and the
 * masked CRC32C of the data. A masked CRC is {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}
 * in 32-bit arithmetic, TensorFlow's guard against CRCs of data that hold CRCs.
 */
final class TfRecords {
  /** TensorFlow's CRC mask delta. */
  static final int MASK_DELTA = 0xa282ead8;

  private TfRecords() {}

  /** The masked CRC32C of {@code data[offset, offset + length)}. */
  static int maskedCrc32c(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }

  /** Writes one framed record. */
  static void write(OutputStream out, byte[] data) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(data.length);
    head.putInt(maskedCrc32c(head.array(), 0, 8));
    ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    tail.putInt(maskedCrc32c(data, 0, data.length));
    out.write(head.array());
    out.write(data);
    out.write(tail.array());
  }

  /**
   * Reads one framed record and checks both CRCs.
   *
   * @return the data, or {@code null} at the end of the stream
   * @throws IOException on a truncated record or a CRC mismatch
   */
  static byte[] read(InputStream in) throws IOException {
    byte[] head = in.readNBytes(12);
    if (head.length == 0) {
      return null;
    }
    if (head.length < 12) {
      throw new EOFException("truncated record header: " + head.length + " of 12 bytes");
    }
    ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    long length = h.getLong();
    int lengthCrc = h.getInt();
    if (lengthCrc != maskedCrc32c(head, 0, 8)) {
      throw new IOException("record length CRC mismatch");
    }
    if (length < 0 || length > Integer.MAX_VALUE - 16) {
      throw new IOException("record length " + length + " out of range");
    }
    byte[] data = in.readNBytes((int) length);
    byte[] tail = in.readNBytes(4);
    if (data.length < length || tail.length < 4) {
      throw new EOFException("truncated record: " + data.length + " of " + length + " bytes");
    }
    int dataCrc = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (dataCrc != maskedCrc32c(data, 0, data.length)) {
      throw new IOException("record data CRC mismatch");
    }
    return data;
  }
}
