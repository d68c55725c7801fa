package org.medcl.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootTest {
  @TempDir
  Path dir;

  @Test
  void flag_winsOverEnvironment() throws Exception {
    Path flag = Files.createDirectory(dir.resolve("flag"));
    Path env = Files.createDirectory(dir.resolve("env"));
    assertEquals(flag, DataRoot.resolve(flag, Map.of("MEDCL_DATA", env.toString()), dir));
  }

  @Test
  void environment_winsOverDefault() throws Exception {
    Path env = Files.createDirectory(dir.resolve("env"));
    Path work = Files.createDirectories(dir.resolve("w"));
    Files.createDirectories(dir.resolve("shared/data/mscmr"));
    assertEquals(env, DataRoot.resolve(null, Map.of("MEDCL_DATA", env.toString()), work));
  }

  @Test
  void defaultSharedFolder_isUsedWhenPresent() throws Exception {
    Path work = Files.createDirectories(dir.resolve("w"));
    Path shared = Files.createDirectories(dir.resolve("shared/data/mscmr"));
    assertEquals(shared, DataRoot.resolve(null, Map.of(), work));
  }

  @Test
  void nothingFound_saysHowToGetTheData() throws Exception {
    Path work = Files.createDirectories(dir.resolve("w"));
    DatasetException e = assertThrows(DatasetException.class,
        () -> DataRoot.resolve(null, Map.of(), work));
    assertTrue(e.getMessage().contains("--data not given, MEDCL_DATA not set"), e.getMessage());
    assertTrue(e.getMessage().contains("MSCMRseg challenge"), e.getMessage());
    assertTrue(e.getMessage().contains("CycleMix"), e.getMessage());
  }

  @Test
  void missingFlagFolder_isNamed() {
    Path p = dir.resolve("nope");
    DatasetException e = assertThrows(DatasetException.class,
        () -> DataRoot.resolve(p, Map.of(), dir));
    assertTrue(e.getMessage().startsWith(p + ": data folder given by --data does not exist"),
        e.getMessage());
  }
}
