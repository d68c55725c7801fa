package org.medcl.savedmodels;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.medcl.models.UNetConfig;

/**
 * What a served model needs besides its graph, read from the {@code model.json} that a training
 * run and an export hold (written by {@code org.medcl.tools.predict.ModelInfo}).
 *
 * @param preset UNet preset name ({@link UNetConfig#PRESETS})
 * @param channels input channels
 * @param spacing in-plane spacing in mm the model works at, or null for the native spacing
 * @param classNames foreground class names in label-value order
 * @param classValues foreground label values written into predictions
 * @param backgroundValue label value of background
 */
public record ModelMetadata(String preset, int channels, Double spacing, List<String> classNames,
    List<Integer> classValues, int backgroundValue) {

  /** File name beside the graph. */
  public static final String FILE = "model.json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Copies the lists and checks them. */
  public ModelMetadata {
    if (classNames == null || classValues == null) {
      throw new IllegalArgumentException("classNames and classValues must be set");
    }
    classNames = List.copyOf(classNames);
    classValues = List.copyOf(classValues);
    if (classNames.size() != classValues.size() || classNames.size() < 2) {
      throw new IllegalArgumentException("expected at least 2 foreground classes with one value "
          + "each, found names " + classNames + " and values " + classValues);
    }
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be positive, found " + channels);
    }
    if (spacing != null && !(spacing > 0)) {
      throw new IllegalArgumentException("spacing must be positive or null, found " + spacing);
    }
  }

  /** Output classes, background included. */
  public int numClasses() {
    return classNames.size() + 1;
  }

  /** Label value of class index {@code k} (0 = background). */
  public int labelValue(int k) {
    return k == 0 ? backgroundValue : classValues.get(k - 1);
  }

  /** The network of this model: the preset with its channels and classes. */
  public UNetConfig unetConfig() {
    return UNetConfig.preset(preset).toBuilder().numClasses(classNames.size())
        .inputChannels(channels).build();
  }

  /** Writes {@code model.json} into {@code folder} (an export's temporary version folder). */
  public void write(Path folder) throws IOException {
    Files.writeString(folder.resolve(FILE), JSON.writerWithDefaultPrettyPrinter()
        .writeValueAsString(this));
  }

  /**
   * Reads {@code model.json} from {@code folder}.
   *
   * @throws SavedModelException naming the folder when the file is missing or invalid
   */
  public static ModelMetadata read(Path folder) throws SavedModelException {
    Path f = folder.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      throw new SavedModelException(folder, "no " + FILE + " (class names, values, spacing); "
          + "expected one beside saved_model.pb, as 'medcl export' writes");
    }
    try {
      ModelMetadata m = JSON.readValue(f.toFile(), ModelMetadata.class);
      m.unetConfig();
      return m;
    } catch (IOException | IllegalArgumentException e) {
      throw new SavedModelException(folder, FILE + " is not valid: " + e.getMessage(), e);
    }
  }
}
