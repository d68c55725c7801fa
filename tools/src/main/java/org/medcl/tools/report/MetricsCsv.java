package org.medcl.tools.report;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CSV file that gets one row per validation, with a header fixed when the file is created.
 *
 * <p>Opening an existing file (a resumed run) checks that its header equals the columns given
 * and appends after its last row; a last row cut short by a killed process (no line end) is
 * dropped first, with a warning. Every row is flushed as soon as it is written, so a killed run
 * keeps every complete row. Numbers are written with {@link String#valueOf} ({@code NaN} and
 * {@code Infinity} as Java spells them), text is quoted when it holds a comma, a quote or a line
 * break, and an absent value is an empty field.
 *
 * <p>Example: columns {@code step,loss}; {@code append(Map.of("step", 10, "loss", 0.5))} writes
 * the line {@code 10,0.5}.
 */
public final class MetricsCsv implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsCsv.class);

  private final Path file;
  private final List<String> columns;
  private final BufferedWriter out;
  private boolean closed;

  private MetricsCsv(Path file, List<String> columns, BufferedWriter out) {
    this.file = file;
    this.columns = columns;
    this.out = out;
  }

  /**
   * Opens {@code file} for appending, creating it with a header line when it is missing or
   * empty.
   *
   * @param columns the column names, unique and non-empty
   * @throws IOException if the file cannot be written, or exists with a different header
   */
  public static MetricsCsv open(Path file, List<String> columns) throws IOException {
    List<String> cols = List.copyOf(columns);
    if (cols.isEmpty()) {
      throw new IllegalArgumentException("expected at least one column, found none");
    }
    Set<String> seen = new HashSet<>();
    for (String c : cols) {
      if (c.isEmpty() || !seen.add(c)) {
        throw new IllegalArgumentException(
            "expected unique non-empty column names, found '" + c + "' in " + cols);
      }
    }
    String header = line(new ArrayList<>(cols));
    boolean fresh = !Files.exists(file) || Files.size(file) == 0;
    if (!fresh) {
      String found;
      try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
        found = lines.findFirst().orElse("");
      }
      if (!found.equals(header)) {
        throw new IOException(
            "metrics file " + file + " has header '" + found + "', expected '" + header + "'");
      }
    }
    if (!fresh) {
      dropPartialLastLine(file);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    MetricsCsv csv = new MetricsCsv(file, cols, out);
    if (fresh) {
      csv.writeLine(header);
    }
    return csv;
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  /** The column names, in file order. */
  public List<String> columns() {
    return columns;
  }

  /**
   * Appends a row and flushes it; columns missing from {@code row} are left empty.
   *
   * @throws IllegalArgumentException if {@code row} names a column the file does not have
   */
  public void append(Map<String, ?> row) throws IOException {
    for (String key : row.keySet()) {
      if (!columns.contains(key)) {
        throw new IllegalArgumentException(
            "unknown column '" + key + "', expected one of " + columns + " in " + file);
      }
    }
    List<Object> values = new ArrayList<>(columns.size());
    for (String c : columns) {
      values.add(row.get(c));
    }
    writeLine(line(values));
  }

  /**
   * Appends a row of values in column order and flushes it.
   *
   * @throws IllegalArgumentException if the number of values differs from the number of columns
   */
  public void append(List<?> values) throws IOException {
    if (values.size() != columns.size()) {
      throw new IllegalArgumentException("expected " + columns.size() + " values " + columns
          + ", found " + values.size() + " for " + file);
    }
    writeLine(line(values));
  }

  /**
   * Reads a CSV written by this class: one map per row, keyed by the header's names, in file
   * order; empty fields are empty strings.
   */
  public static List<Map<String, String>> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Map<String, String>> rows = new ArrayList<>();
    if (lines.isEmpty()) {
      return rows;
    }
    List<String> header = split(lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isEmpty()) {
        continue;
      }
      List<String> fields = split(lines.get(i));
      if (fields.size() != header.size()) {
        throw new IOException("line " + (i + 1) + " of " + file + " has " + fields.size()
            + " fields, expected " + header.size());
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int k = 0; k < header.size(); k++) {
        row.put(header.get(k), fields.get(k));
      }
      rows.add(row);
    }
    return rows;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  private static void dropPartialLastLine(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      long size = ch.size();
      ByteBuffer one = ByteBuffer.allocate(1);
      long end = size;
      while (end > 0) {
        one.clear();
        ch.read(one, end - 1);
        if (one.get(0) == '\n') {
          break;
        }
        end--;
      }
      if (end < size) {
        LOG.warn("metrics file={} dropped a partial last row of {} bytes", file, size - end);
        ch.truncate(end);
      }
    }
  }

  private void writeLine(String text) throws IOException {
    if (closed) {
      throw new IllegalStateException("metrics file " + file + " is closed");
    }
    out.write(text);
    out.write('\n');
    out.flush();
  }

  private static String line(List<?> values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(field(values.get(i)));
    }
    return sb.toString();
  }

  private static String field(Object value) {
    if (value == null) {
      return "";
    }
    String s = String.valueOf(value);
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  private static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
