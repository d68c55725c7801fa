package org.medcl.tools.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.medcl.savedmodels.ModelMetadata;
import org.medcl.tools.train.AtomicFiles;

/**
 * What inference needs to know about a trained model, saved as {@code model.json} in a run
 * folder and beside an exported SavedModel.
 *
 * @param preset UNet preset name
 * @param channels input channels
 * @param spacing in-plane spacing in mm the model works at, or null for native
 * @param classNames foreground class names in label-value order
 * @param classValues foreground label values written into predictions
 * @param backgroundValue label value of background
 */
public record ModelInfo(String preset, int channels, Double spacing, List<String> classNames,
    List<Integer> classValues, int backgroundValue) {

  /** File name in a run folder. */
  public static final String FILE = "model.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Copies the lists and checks they match. */
  public ModelInfo {
    classNames = List.copyOf(classNames);
    classValues = List.copyOf(classValues);
    if (classNames.size() != classValues.size() || classNames.size() < 2) {
      throw new IllegalArgumentException("expected at least 2 foreground classes with one value "
          + "each, found names " + classNames + " and values " + classValues);
    }
  }

  /** Foreground classes m. */
  public int foreground() {
    return classNames.size();
  }

  /** The same facts as the serving API reads them. */
  public ModelMetadata toMetadata() {
    return new ModelMetadata(preset, channels, spacing, classNames, classValues, backgroundValue);
  }

  /** Writes {@code model.json} into {@code folder}. */
  public void write(Path folder) throws IOException {
    AtomicFiles.writeString(folder.resolve(FILE), JSON.writeValueAsString(this));
  }

  /** Reads {@code model.json} from {@code folder}. */
  public static ModelInfo read(Path folder) throws IOException {
    Path f = folder.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      throw new IOException("no " + FILE + " in " + folder + ": not a medcl run or export");
    }
    try {
      return JSON.readValue(f.toFile(), ModelInfo.class);
    } catch (IOException e) {
      throw new IOException(f + " is not a valid " + FILE + ": " + e.getMessage(), e);
    }
  }
}
