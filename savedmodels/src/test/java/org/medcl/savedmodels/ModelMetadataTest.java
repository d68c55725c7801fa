package org.medcl.savedmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMetadataTest {

  @Test
  void readsTheModelJsonOfARun(@TempDir Path dir) throws IOException {
    // the file as org.medcl.tools.predict.ModelInfo writes it
    Files.writeString(dir.resolve("model.json"), "{\n  \"preset\" : \"small\",\n"
        + "  \"channels\" : 1,\n  \"spacing\" : 1.25,\n"
        + "  \"classNames\" : [ \"RV\", \"MYO\", \"LV\" ],\n"
        + "  \"classValues\" : [ 1, 2, 3 ],\n  \"backgroundValue\" : 0\n}");
    ModelMetadata m = ModelMetadata.read(dir);
    assertEquals(new ModelMetadata("small", 1, 1.25, List.of("RV", "MYO", "LV"),
        List.of(1, 2, 3), 0), m);
    assertEquals(4, m.numClasses());
    assertEquals(16, m.unetConfig().baseFilters());
  }

  @Test
  void labelValue_mapsIndicesToValues() {
    ModelMetadata m = new ModelMetadata("small", 1, null, List.of("a", "b"), List.of(7, 9), 5);
    assertEquals(5, m.labelValue(0));
    assertEquals(7, m.labelValue(1));
    assertEquals(9, m.labelValue(2));
  }

  @Test
  void writeThenRead_roundTrips(@TempDir Path dir) throws IOException {
    ModelMetadata m = new ModelMetadata("reference", 2, null, List.of("a", "b"), List.of(1, 2),
        0);
    m.write(dir);
    assertEquals(m, ModelMetadata.read(dir));
  }

  @Test
  void unknownPreset_isReportedWithTheFolder(@TempDir Path dir) throws IOException {
    new ModelMetadata("tiny", 1, null, List.of("a", "b"), List.of(1, 2), 0).write(dir);
    SavedModelException e = assertThrows(SavedModelException.class,
        () -> ModelMetadata.read(dir));
    assertEquals(dir + ": model.json is not valid: unknown UNet preset 'tiny', expected one of "
        + "[small, reference]", e.getMessage());
  }

  @Test
  void brokenJson_isReportedWithTheFolder(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("model.json"), "{\"preset\": ");
    SavedModelException e = assertThrows(SavedModelException.class,
        () -> ModelMetadata.read(dir));
    assertTrue(e.getMessage().startsWith(dir + ": model.json is not valid: "), e.getMessage());
  }

  @Test
  void mismatchedLists_areRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelMetadata("small", 1, null, List.of("a", "b"), List.of(1), 0));
    assertEquals("expected at least 2 foreground classes with one value each, found names "
        + "[a, b] and values [1]", e.getMessage());
  }
}
