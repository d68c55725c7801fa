package org.medcl.tools.predict;

import java.nio.file.Path;
import org.medcl.savedmodels.SavedModelException;
import org.medcl.savedmodels.Segmenter;

/** A SavedModel written by {@code medcl export}, loaded through {@link Segmenter#load}. */
public final class SavedModelModel implements LoadedModel {
  private final Segmenter segmenter;

  private SavedModelModel(Segmenter segmenter) {
    this.segmenter = segmenter;
  }

  /**
   * Loads a version folder, or the highest version of a model base folder.
   *
   * @param threads TensorFlow intra-op threads, 0 for all cores
   */
  public static SavedModelModel load(Path folder, int threads) throws SavedModelException {
    return new SavedModelModel(Segmenter.load(folder, CheckpointModel.threadSettings(threads)));
  }

  @Override
  public Segmenter segmenter() {
    return segmenter;
  }

  @Override
  public String description() {
    return segmenter.description();
  }

  @Override
  public void close() {
    segmenter.close();
  }
}
