package org.medcl.tools.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TfRecordsTest {

  @Test
  void maskedCrc_ofTheCatalogueCheckString_matchesHandMasking() {
    // CRC-32C of "123456789" is 0xE3069283 (the check value of the CRC catalogue). Masked by
    // hand in Python: ((c >> 15) | (c << 17)) + 0xa282ead8 mod 2^32 = 0xc78ab0e5.
    byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0xc78ab0e5, TfRecords.maskedCrc32c(data, 0, data.length));
  }

  @Test
  void record_hasLittleEndianLengthAndRoundTrips() throws IOException {
    byte[] data = {1, 2, 3, 4, 5};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TfRecords.write(out, data);
    TfRecords.write(out, new byte[0]);
    byte[] bytes = out.toByteArray();
    // 8 length bytes + 4 CRC + 5 data + 4 CRC, then an empty record of 16 bytes.
    assertEquals(21 + 16, bytes.length);
    assertArrayEquals(new byte[] {5, 0, 0, 0, 0, 0, 0, 0}, Arrays.copyOf(bytes, 8));
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    assertArrayEquals(data, TfRecords.read(in));
    assertArrayEquals(new byte[0], TfRecords.read(in));
    assertNull(TfRecords.read(in));
  }

  @Test
  void corruptedData_failsTheCrcCheck() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TfRecords.write(out, new byte[] {9, 8, 7});
    byte[] bytes = out.toByteArray();
    bytes[13] ^= 1;
    IOException e = assertThrows(IOException.class,
        () -> TfRecords.read(new ByteArrayInputStream(bytes)));
    assertEquals("record data CRC mismatch", e.getMessage());
  }

  @Test
  void truncatedRecord_isReported() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TfRecords.write(out, new byte[] {9, 8, 7});
    byte[] bytes = Arrays.copyOf(out.toByteArray(), 14);
    EOFException e = assertThrows(EOFException.class,
        () -> TfRecords.read(new ByteArrayInputStream(bytes)));
    assertEquals("truncated record: 2 of 3 bytes", e.getMessage());
  }
}
