package org.medcl.tools.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.medcl.savedmodels.Segmenter;

/** Opens a model folder: a training run (its checkpoint) or an exported SavedModel. */
public final class Models {
  private Models() {}

  /**
   * Loads the model in {@code folder}.
   *
   * @param folder a run folder, a SavedModel version folder or a model base holding versions
   * @param checkpoint {@code best} or {@code last}, for a run folder
   * @param threads TensorFlow threads, 0 for all cores
   * @throws IOException naming the folder when it holds neither a run nor a SavedModel
   */
  public static LoadedModel load(Path folder, String checkpoint, int threads)
      throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IOException("model folder " + folder + " does not exist");
    }
    if (Files.isDirectory(folder.resolve("checkpoints"))) {
      return CheckpointModel.load(folder, checkpoint, threads);
    }
    if (Segmenter.isSavedModel(folder)) {
      return SavedModelModel.load(folder, threads);
    }
    throw new IOException("model folder " + folder + " holds neither a training run "
        + "(checkpoints/) nor a SavedModel (saved_model.pb, or numeric version folders holding "
        + "one)");
  }
}
