package org.medcl.tools.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

class TensorBoardWriterTest {

  @TempDir Path dir;

  /** Reads a TFRecord file with its own parsing, checking both masked CRC32Cs of each record. */
  private static List<Event> readEvents(Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (buf.hasRemaining()) {
      byte[] len = new byte[8];
      buf.get(len);
      long length = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
      assertEquals(mask(len), buf.getInt(), "length CRC");
      byte[] data = new byte[(int) length];
      buf.get(data);
      assertEquals(mask(data), buf.getInt(), "data CRC");
      events.add(Event.parseFrom(data));
    }
    return events;
  }

  private static int mask(byte[] b) {
    CRC32C crc = new CRC32C();
    crc.update(b);
    long c = crc.getValue();
    long rotated = ((c >> 15) | (c << 17)) & 0xffffffffL;
    return (int) ((rotated + 0xa282ead8L) & 0xffffffffL);
  }

  @Test
  void scalars_areReadBackWithTheirStepsAndTags() throws IOException {
    Path file;
    try (TensorBoardWriter w = TensorBoardWriter.create(dir.resolve("tb"))) {
      Map<String, Double> first = new LinkedHashMap<>();
      first.put("loss/total", 1.25);
      first.put("loss/mix", -0.5);
      w.scalars(10, first);
      w.scalar("val/dice_mean", 20, 0.8125);
      file = w.file();
    }
    List<Event> events = readEvents(file);
    assertEquals(3, events.size());
    assertEquals(TensorBoardWriter.FILE_VERSION, events.get(0).getFileVersion());

    Event e1 = events.get(1);
    assertEquals(10, e1.getStep());
    List<Summary.Value> v1 = e1.getSummary().getValueList();
    assertEquals(2, v1.size());
    assertEquals("loss/total", v1.get(0).getTag());
    assertEquals(1.25f, v1.get(0).getSimpleValue());
    assertEquals("loss/mix", v1.get(1).getTag());
    assertEquals(-0.5f, v1.get(1).getSimpleValue());

    Event e2 = events.get(2);
    assertEquals(20, e2.getStep());
    assertEquals("val/dice_mean", e2.getSummary().getValue(0).getTag());
    assertEquals(0.8125f, e2.getSummary().getValue(0).getSimpleValue());
    assertTrue(e2.getWallTime() > 1.5e9, "wall time in seconds: " + e2.getWallTime());
  }

  @Test
  void fileName_followsTensorBoardsPattern() throws IOException {
    try (TensorBoardWriter a = TensorBoardWriter.create(dir);
        TensorBoardWriter b = TensorBoardWriter.create(dir)) {
      String name = a.file().getFileName().toString();
      assertTrue(name.matches("events\\.out\\.tfevents\\.\\d{10}\\..+"), name);
      long seconds = Long.parseLong(name.split("\\.")[3]);
      assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) < 60, name);
      assertNotEquals(a.file(), b.file());
    }
  }

  @Test
  void writeAfterClose_isRejected() throws IOException {
    TensorBoardWriter w = TensorBoardWriter.create(dir);
    w.close();
    w.close();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> w.scalar("x", 1, 1.0));
    assertEquals("event file " + w.file() + " is closed", e.getMessage());
  }

  @Test
  void emptyTag_isRejected() throws IOException {
    try (TensorBoardWriter w = TensorBoardWriter.create(dir)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> w.scalar("", 1, 1.0));
      assertEquals("expected a non-empty tag, found '' in []", e.getMessage());
    }
  }
}
