package org.medcl.tools.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;

/**
 * What the training loop needs from a compiled MedCL step: run one step, infer on slices, save
 * and restore every variable. Implemented over the TensorFlow step graph by {@link GraphBackend}.
 */
public interface TrainingBackend extends AutoCloseable {

  /**
   * Runs one optimisation step.
   *
   * @param images HWC crops of the batch, {@code [batch, size, size, channels]}
   * @param targets soft one-hot targets {@code [batch, size, size, m + 1]}, zero where unannotated
   * @param known 1 for slices whose classes are known (labelled), 0 otherwise, {@code [batch]}
   * @param step global step, seeds the mixing draws
   * @param learningRate rate of this step
   * @return every loss term by name ({@code total} first), in a stable order
   */
  LinkedHashMap<String, Double> step(float[] images, float[] targets, float[] known, long step,
      float learningRate);

  /**
   * Class probabilities of {@code n} slices of {@code height x width}, network in inference mode.
   *
   * @return {@code [n, height, width, m + 1]} row-major
   */
  float[] infer(float[] images, int n, int height, int width);

  /** Writes every variable (network, prototypes, optimizer slots) under a checkpoint prefix. */
  void save(Path prefix) throws IOException;

  /** Restores every variable from a checkpoint prefix written by {@link #save}. */
  void restore(Path prefix) throws IOException;

  @Override
  void close();
}
