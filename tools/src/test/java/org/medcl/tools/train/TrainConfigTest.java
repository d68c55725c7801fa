package org.medcl.tools.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigTest {

  @Test
  void defaults_areTheShippedCpuPreset() {
    TrainConfig c = TrainConfig.defaults();
    assertEquals("small", c.model().preset());
    assertEquals(8, c.train().batch());
    assertEquals(15.0, c.train().minutes());
    assertEquals(0.05, c.loss().sinkhornEps());
    assertEquals(128, c.loss().prototypes());
    assertNull(c.data().labeledCases());
    assertEquals(100.0, c.data().farBackgroundMm());
    assertEquals(4, c.data().farBackgroundStride());
    assertEquals(0.25, c.train().randomCrops());
    assertEquals(0.5, c.loss().mapNormFloor());
    assertEquals(0.0, c.loss().cosineAreaFloor());
  }

  @Test
  void badFarBackground_isRejectedWithItsKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainConfig.resolve(null, Map.of("data.farBackgroundMm", "-5")));
    assertTrue(e.getMessage().contains("data.farBackgroundMm"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> TrainConfig.resolve(null, Map.of("data.farBackgroundStride", "0")));
    assertTrue(e.getMessage().contains("data.farBackgroundStride"), e.getMessage());
  }

  @Test
  void precision_isFloat32ByDefault_andValidated() throws IOException {
    assertEquals("float32", TrainConfig.resolve(null, Map.of()).train().precision());
    assertEquals("bfloat16", TrainConfig.resolve(null, Map.of("train.precision", "bfloat16"))
        .train().precision());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainConfig.resolve(null, Map.of("train.precision", "half")));
    assertTrue(e.getMessage().contains("train.precision: unknown precision 'half', expected one"
        + " of float32, bfloat16"), e.getMessage());
  }

  @Test
  void activations_areKeptByDefault_andValidated() throws IOException {
    assertEquals("keep", TrainConfig.resolve(null, Map.of()).train().activations());
    assertEquals("recompute", TrainConfig.resolve(null, Map.of("train.activations",
        "recompute")).train().activations());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainConfig.resolve(null, Map.of("train.activations", "swap")));
    assertTrue(e.getMessage().contains("train.activations: unknown activation memory 'swap',"
        + " expected one of keep, recompute"), e.getMessage());
  }

  @Test
  void badMapNormFloor_isRejectedWithItsKey() {
    for (String bad : List.of("-0.5", ".nan")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TrainConfig.resolve(null, Map.of("loss.mapNormFloor", bad)));
      assertTrue(e.getMessage().contains("loss.mapNormFloor"), bad + ": " + e.getMessage());
    }
    assertEquals(0.5, assertDoesNotThrow(
        () -> TrainConfig.resolve(null, Map.of("loss.mapNormFloor", "0.5"))).loss().mapNormFloor());
  }

  @Test
  void fileAndOverrides_replaceOnlyTheKeysTheyName(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, "train:\n  batch: 4\n  lr:\n    schedule: cosine\n");
    TrainConfig c = TrainConfig.resolve(f, Map.of("loss.cluster", "0", "data.labeledList",
        "[subject2, subject4]"));
    assertEquals(4, c.train().batch());
    assertEquals("cosine", c.train().lr().schedule());
    assertEquals(0.002, c.train().lr().max());
    assertEquals(0.0, c.loss().cluster());
    assertEquals(1.0, c.loss().mix());
    assertEquals(List.of("subject2", "subject4"), c.data().labeledList());
  }

  @Test
  void unknownKey_listsTheKnownOnes(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, "train:\n  bach: 4\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainConfig.resolve(f, Map.of()));
    assertTrue(e.getMessage().contains("unknown config key 'train.bach'"), e.getMessage());
    assertTrue(e.getMessage().contains("batch"), e.getMessage());
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void badPreset_listsTheLegalOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainConfig.resolve(null, Map.of("model.preset", "huge")));
    assertTrue(e.getMessage().contains("[small, reference]"), e.getMessage());
    assertTrue(e.getMessage().contains("'huge'"), e.getMessage());
  }

  @Test
  void missingFile_namesIt(@TempDir Path dir) {
    Path f = dir.resolve("absent.yaml");
    IOException e = assertThrows(IOException.class, () -> TrainConfig.resolve(f, Map.of()));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void invalidYaml_namesTheFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("broken.yaml");
    Files.writeString(f, "train: [unclosed\n");
    IOException e = assertThrows(IOException.class, () -> TrainConfig.resolve(f, Map.of()));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void wrongType_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainConfig.resolve(null, Map.of("train.batch", "many")));
    assertTrue(e.getMessage().contains("invalid configuration"), e.getMessage());
  }

  @Test
  void saveThenLoad_givesTheSameConfig(@TempDir Path dir) throws IOException {
    TrainConfig c = TrainConfig.resolve(null, Map.of("train.seed", "7", "model.spacing",
        "null"));
    Path f = dir.resolve("config.yaml");
    c.save(f);
    assertEquals(c, TrainConfig.load(f));
    assertNull(TrainConfig.load(f).model().spacing());
  }

  @Test
  void badCosineAreaFloor_isRejectedWithItsKey() {
    for (String bad : List.of("-0.01", "1", ".nan")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TrainConfig.resolve(null, Map.of("loss.cosineAreaFloor", bad)));
      assertTrue(e.getMessage().contains("loss.cosineAreaFloor"), bad + ": " + e.getMessage());
    }
    assertEquals(0.01, assertDoesNotThrow(() -> TrainConfig.resolve(null,
        Map.of("loss.cosineAreaFloor", "0.01"))).loss().cosineAreaFloor());
  }

  @Test
  void referenceConfig_overridesTheCpuDefaults() throws IOException {
    Path f = Path.of(System.getProperty("user.dir")).resolve("../configs/mscmr-reference.yaml");
    TrainConfig c = TrainConfig.resolve(f, Map.of());
    assertEquals("reference", c.model().preset());
    assertEquals(212, c.model().size());
    assertEquals(1, c.loss().pool());
    assertEquals("triangular", c.train().lr().schedule());
    assertEquals(0.0, c.data().farBackgroundMm());
    assertEquals(0.0, c.train().randomCrops());
    assertEquals(0.0, c.loss().mapNormFloor());
    assertEquals(0.0, c.loss().cosineAreaFloor());
    assertEquals("recompute", c.train().activations());
  }
}
