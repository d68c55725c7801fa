package org.medcl.tools.predict;

import java.util.List;

/**
 * A trained model ready for inference, from a run's checkpoint or from a SavedModel. Owns
 * native TensorFlow memory: close it.
 */
public interface LoadedModel extends AutoCloseable {
  /** The network's class probabilities for batches of z-scored slices. */
  SliceInference inference();

  /** Classes of the output, background included. */
  int numClasses();

  /** Foreground class names in label-value order. */
  List<String> classNames();

  /** In-plane spacing in mm the model was trained at, or null for the native spacing. */
  Double spacing();

  /** Input channels. */
  int channels();

  /** Where it came from, for messages. */
  String description();

  @Override
  void close();
}
