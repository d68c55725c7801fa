package org.medcl.tools.predict;

import java.util.List;
import org.medcl.savedmodels.ModelMetadata;
import org.medcl.savedmodels.Segmenter;

/**
 * A trained model ready for inference, from a run's checkpoint or from a SavedModel; both
 * segment through a {@link Segmenter} running the same serving pipeline graph. Owns native
 * TensorFlow memory: close it.
 */
public interface LoadedModel extends AutoCloseable {
  /** The segmenter (owned by this model). */
  Segmenter segmenter();

  /** The model's facts. */
  default ModelMetadata metadata() {
    return segmenter().metadata();
  }

  /** Classes of the output, background included. */
  default int numClasses() {
    return metadata().numClasses();
  }

  /** Foreground class names in label-value order. */
  default List<String> classNames() {
    return metadata().classNames();
  }

  /** In-plane spacing in mm the model was trained at, or null for the native spacing. */
  default Double spacing() {
    return metadata().spacing();
  }

  /** Input channels. */
  default int channels() {
    return metadata().channels();
  }

  /** Where it came from, for messages. */
  String description();

  @Override
  void close();
}
