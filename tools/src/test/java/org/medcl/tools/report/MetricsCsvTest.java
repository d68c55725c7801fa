package org.medcl.tools.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {
  private static final List<String> COLUMNS = List.of("step", "loss", "note");

  @TempDir Path dir;

  private static List<String> lines(Path p) throws IOException {
    return Files.readAllLines(p, StandardCharsets.UTF_8);
  }

  @Test
  void newFile_getsHeaderAndEachRowIsOnDiskBeforeClose() throws IOException {
    Path file = dir.resolve("run/metrics.csv");
    try (MetricsCsv csv = MetricsCsv.open(file, COLUMNS)) {
      csv.append(Map.of("step", 10, "loss", 0.5));
      assertEquals(List.of("step,loss,note", "10,0.5,"), lines(file));
      csv.append(Arrays.asList(20, Double.NaN, "a,\"b\""));
      assertEquals("20,NaN,\"a,\"\"b\"\"\"", lines(file).get(2));
    }
  }

  @Test
  void reopenedFile_appendsWithoutASecondHeader() throws IOException {
    Path file = dir.resolve("metrics.csv");
    try (MetricsCsv csv = MetricsCsv.open(file, COLUMNS)) {
      csv.append(List.of(1, 2.0, "x"));
    }
    try (MetricsCsv csv = MetricsCsv.open(file, COLUMNS)) {
      csv.append(List.of(2, 1.5, "y"));
    }
    assertEquals(List.of("step,loss,note", "1,2.0,x", "2,1.5,y"), lines(file));
  }

  @Test
  void partialLastRow_isDroppedBeforeAppending() throws IOException {
    Path file = dir.resolve("metrics.csv");
    Files.writeString(file, "step,loss,note\n1,2.0,x\n2,1.");
    try (MetricsCsv csv = MetricsCsv.open(file, COLUMNS)) {
      csv.append(List.of(2, 1.5, "y"));
    }
    assertEquals(List.of("step,loss,note", "1,2.0,x", "2,1.5,y"), lines(file));
  }

  @Test
  void existingFileWithOtherHeader_isRefusedNamingTheFile() throws IOException {
    Path file = dir.resolve("metrics.csv");
    Files.writeString(file, "step,dice\n1,0.5\n");
    IOException e = assertThrows(IOException.class, () -> MetricsCsv.open(file, COLUMNS));
    assertEquals("metrics file " + file + " has header 'step,dice', expected 'step,loss,note'",
        e.getMessage());
  }

  @Test
  void unknownColumn_isRejectedListingTheColumns() throws IOException {
    try (MetricsCsv csv = MetricsCsv.open(dir.resolve("m.csv"), COLUMNS)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> csv.append(Map.of("dice", 1)));
      assertEquals("unknown column 'dice', expected one of [step, loss, note] in "
          + csv.file(), e.getMessage());
    }
  }

  @Test
  void wrongValueCount_isRejected() throws IOException {
    try (MetricsCsv csv = MetricsCsv.open(dir.resolve("m.csv"), COLUMNS)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> csv.append(List.of(1, 2)));
      assertEquals("expected 3 values [step, loss, note], found 2 for " + csv.file(),
          e.getMessage());
    }
  }

  @Test
  void duplicateColumn_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MetricsCsv.open(dir.resolve("m.csv"), List.of("a", "a")));
    assertEquals("expected unique non-empty column names, found 'a' in [a, a]", e.getMessage());
  }

  @Test
  void read_returnsRowsKeyedByHeaderWithQuotesUndone() throws IOException {
    Path file = dir.resolve("m.csv");
    try (MetricsCsv csv = MetricsCsv.open(file, COLUMNS)) {
      csv.append(Arrays.asList(5, null, "p,q"));
    }
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("step", "5");
    expected.put("loss", "");
    expected.put("note", "p,q");
    assertEquals(List.of(expected), MetricsCsv.read(file));
  }

  @Test
  void appendAfterClose_isRejected() throws IOException {
    MetricsCsv csv = MetricsCsv.open(dir.resolve("m.csv"), COLUMNS);
    csv.close();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> csv.append(List.of(1, 2, 3)));
    assertEquals("metrics file " + csv.file() + " is closed", e.getMessage());
  }
}
