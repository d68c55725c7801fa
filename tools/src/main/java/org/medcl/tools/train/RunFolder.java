package org.medcl.tools.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Layout of a training run's folder.
 *
 * <pre>
 * run/
 *   config.yaml          resolved configuration
 *   provenance.json      code, data, versions, times
 *   metrics.csv          one row per validation
 *   training.png         loss terms and validation Dice against step
 *   events.out.tfevents.* TensorBoard scalars
 *   checkpoints/last/    model.* (TensorFlow checkpoint) + state.json
 *   checkpoints/best/    the same, at the best mean validation Dice
 * </pre>
 *
 * <p>A checkpoint folder is written under a temporary name and renamed into place.
 */
public record RunFolder(Path root) {

  /** Checkpoint prefix inside a checkpoint folder. */
  public static final String MODEL_PREFIX = "model";

  /** Creates the folder tree if needed. */
  public RunFolder create() throws IOException {
    Files.createDirectories(checkpoints());
    return this;
  }

  /** The checkpoints folder. */
  public Path checkpoints() {
    return root.resolve("checkpoints");
  }

  /** The {@code last} checkpoint folder. */
  public Path last() {
    return checkpoints().resolve("last");
  }

  /** The {@code best} checkpoint folder. */
  public Path best() {
    return checkpoints().resolve("best");
  }

  /** The resolved configuration. */
  public Path config() {
    return root.resolve("config.yaml");
  }

  /** Provenance record. */
  public Path provenance() {
    return root.resolve("provenance.json");
  }

  /** Validation metrics. */
  public Path metrics() {
    return root.resolve("metrics.csv");
  }

  /** Loss and Dice plot. */
  public Path plot() {
    return root.resolve("training.png");
  }

  /**
   * A checkpoint folder that holds a complete checkpoint: {@code name}, or the {@code .old} copy a
   * crash between the two renames of a swap can leave.
   */
  public Path existingCheckpoint(String name) throws IOException {
    Path p = checkpoints().resolve(name);
    if (Files.isRegularFile(p.resolve(TrainState.FILE))) {
      return p;
    }
    Path old = checkpoints().resolve(name + ".old");
    if (Files.isRegularFile(old.resolve(TrainState.FILE))) {
      return old;
    }
    throw new IOException("run " + root + " has no complete checkpoint '" + name + "' (expected "
        + p.resolve(TrainState.FILE) + ")");
  }
}
