package org.medcl.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The shared MSCMR data, read in place: system property {@code medcl.data} (set by surefire),
 * else {@code ../shared/data/mscmr}. Also an independent little-endian NIfTI-1 decoder used to
 * check the reader against the raw bytes.
 */
public final class RealData {
  private RealData() {
  }

  /** The MSCMR root; fails the test if it is absent. */
  public static Path root() {
    Path p = Path.of(System.getProperty("medcl.data", "../shared/data/mscmr"));
    assertTrue(Files.isDirectory(p.resolve("train")), "MSCMR data not found at "
        + p.toAbsolutePath() + " (set -Dmedcl.data)");
    return p;
  }

  /** The raw bytes of a gzip-compressed file. */
  public static byte[] inflate(Path gz) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  /** A little-endian NIfTI-1 byte view of an inflated file. */
  public static ByteBuffer le(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
