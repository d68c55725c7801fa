package org.medcl.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared MSCMR data lies: system property {@code medcl.data}, else ../shared. */
final class SharedData {
  private SharedData() {}

  /** The MSCMR folder; fails the test when it is absent (the data ships with the project). */
  static Path mscmr() {
    String p = System.getProperty("medcl.data");
    Path path = p != null ? Path.of(p) : Path.of("..", "..", "shared", "data", "mscmr");
    assertTrue(Files.isDirectory(path.resolve("train")), "shared MSCMR data not found at "
        + path.toAbsolutePath());
    return path.toAbsolutePath().normalize();
  }
}
