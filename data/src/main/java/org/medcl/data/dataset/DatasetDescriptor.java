package org.medcl.data.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the label values of a dataset mean: the background value, the foreground classes (name
 * and value), the value of unannotated pixels if the labels are sparse, and the image channels.
 *
 * <p>Class indices follow the project's convention: index 0 is background, indices 1..m are the
 * foreground classes in increasing order of their values. The unannotated value has no index.
 *
 * <p>Two JSON forms are read by {@link #read(Path)}: nnU-Net v2's {@code dataset.json}
 * ({@code labels} with {@code background} and an optional {@code ignore} label that plays the
 * role of the unannotated value, {@code channel_names}, {@code numTraining},
 * {@code file_ending}) and this project's small form:
 *
 * <pre>{@code
 * {"name": "MSCMR", "background": 0, "classes": {"RV": 1, "MYO": 2, "LV": 3},
 *  "unannotated": 4, "channels": ["LGE"], "file_ending": ".nii.gz"}
 * }</pre>
 */
public final class DatasetDescriptor {
  /** Label values must fit an unsigned byte (they are carried as bytes in 2D slices). */
  public static final int MAX_LABEL_VALUE = 255;
  /** File name of the project's descriptor inside an MSCMR-layout root. */
  public static final String DESCRIPTOR_FILE = "medcl-dataset.json";

  /** A foreground class. @param name its name @param value its label value */
  public record LabelClass(String name, int value) {
    /** Validates. */
    public LabelClass {
      Objects.requireNonNull(name, "name");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final int background;
  private final List<LabelClass> classes;
  private final Integer unannotated;
  private final List<String> channels;
  private final String fileEnding;
  private final Integer numTraining;

  private DatasetDescriptor(String name, int background, List<LabelClass> classes,
      Integer unannotated, List<String> channels, String fileEnding, Integer numTraining) {
    this.name = name;
    this.background = background;
    List<LabelClass> sorted = new ArrayList<>(classes);
    sorted.sort(Comparator.comparingInt(LabelClass::value));
    this.classes = List.copyOf(sorted);
    this.unannotated = unannotated;
    this.channels = List.copyOf(channels);
    this.fileEnding = fileEnding;
    this.numTraining = numTraining;
    validate();
  }

  /**
   * A descriptor.
   *
   * @param name dataset name
   * @param background background value
   * @param classes foreground classes (any order)
   * @param unannotated the unannotated value, or null when labels are dense
   * @param channels channel names, at least one
   * @throws IllegalArgumentException on repeated or out-of-range values, or no class or channel
   */
  public static DatasetDescriptor of(String name, int background, List<LabelClass> classes,
      Integer unannotated, List<String> channels) {
    return new DatasetDescriptor(name, background, classes, unannotated, channels, ".nii.gz",
        null);
  }

  /**
   * The MSCMR layout, which ships no descriptor file: 0 background, 1 RV, 2 MYO, 3 LV,
   * 4 unannotated (scribble labels), one LGE channel.
   */
  public static DatasetDescriptor mscmr() {
    return of("MSCMR", 0, List.of(new LabelClass("RV", 1), new LabelClass("MYO", 2),
        new LabelClass("LV", 3)), 4, List.of("LGE"));
  }

  private void validate() {
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("descriptor " + name
          + " has no foreground class, expected at least one");
    }
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("descriptor " + name
          + " has no channel, expected at least one");
    }
    Set<Integer> seen = new HashSet<>();
    List<Integer> all = new ArrayList<>();
    all.add(background);
    classes.forEach(c -> all.add(c.value()));
    if (unannotated != null) {
      all.add(unannotated);
    }
    for (int v : all) {
      if (v < 0 || v > MAX_LABEL_VALUE) {
        throw new IllegalArgumentException("descriptor " + name + " has label value " + v
            + ", expected 0.." + MAX_LABEL_VALUE);
      }
      if (!seen.add(v)) {
        throw new IllegalArgumentException("descriptor " + name + " uses label value " + v
            + " twice, expected distinct values");
      }
    }
  }

  /**
   * Reads a descriptor: nnU-Net's {@code dataset.json} when the JSON has {@code labels}, the
   * project's form when it has {@code classes}.
   *
   * @throws DatasetException naming the file if it is missing, not JSON, or not a descriptor
   */
  public static DatasetDescriptor read(Path file) throws DatasetException {
    if (!Files.isRegularFile(file)) {
      throw new DatasetException(file, "descriptor file not found");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new DatasetException(file, "not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DatasetException(file, "cannot read: " + e, e);
    }
    if (root == null || !root.isObject()) {
      throw new DatasetException(file, "expected a JSON object");
    }
    try {
      if (root.has("labels")) {
        return fromNnUnet(root, file);
      }
      if (root.has("classes")) {
        return fromProjectForm(root, file);
      }
    } catch (IllegalArgumentException e) {
      throw new DatasetException(file, e.getMessage(), e);
    }
    throw new DatasetException(file, "has neither 'labels' (nnU-Net dataset.json) nor 'classes'"
        + " (MedCL descriptor), expected one of them");
  }

  private static DatasetDescriptor fromNnUnet(JsonNode root, Path file) throws DatasetException {
    JsonNode labels = root.get("labels");
    if (!labels.isObject()) {
      throw new DatasetException(file, "'labels' is " + labels.getNodeType()
          + ", expected an object of name: value");
    }
    Integer background = null;
    Integer ignore = null;
    List<LabelClass> classes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : labels.properties()) {
      JsonNode v = e.getValue();
      if (!v.canConvertToExactIntegral()) {
        throw new DatasetException(file, "label '" + e.getKey() + "' is " + v
            + ", expected an integer (region-based labels are not supported)");
      }
      int value = v.asInt();
      if (e.getKey().equals("background")) {
        background = value;
      } else if (e.getKey().equals("ignore")) {
        ignore = value;
      } else {
        classes.add(new LabelClass(e.getKey(), value));
      }
    }
    if (background == null) {
      throw new DatasetException(file, "'labels' has no 'background', expected background: 0");
    }
    List<String> channels = new ArrayList<>();
    JsonNode ch = root.has("channel_names") ? root.get("channel_names") : root.get("modality");
    if (ch == null || !ch.isObject()) {
      throw new DatasetException(file, "no 'channel_names' object, expected e.g. "
          + "{\"0\": \"LGE\"}");
    }
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : ch.properties()) {
      try {
        byIndex.put(Integer.parseInt(e.getKey()), e.getValue().asText());
      } catch (NumberFormatException nfe) {
        throw new DatasetException(file, "channel key '" + e.getKey()
            + "', expected an integer index");
      }
    }
    int expect = 0;
    for (Map.Entry<Integer, String> e : byIndex.entrySet()) {
      if (e.getKey() != expect) {
        throw new DatasetException(file, "channel indices " + byIndex.keySet()
            + ", expected 0.." + (byIndex.size() - 1));
      }
      channels.add(e.getValue());
      expect++;
    }
    String ending = root.has("file_ending") ? root.get("file_ending").asText() : ".nii.gz";
    Integer numTraining = root.has("numTraining") ? root.get("numTraining").asInt() : null;
    String name = root.has("name") ? root.get("name").asText() : file.getParent() == null
        ? file.toString() : String.valueOf(file.getParent().getFileName());
    return new DatasetDescriptor(name, background, classes, ignore, channels, ending,
        numTraining);
  }

  private static DatasetDescriptor fromProjectForm(JsonNode root, Path file)
      throws DatasetException {
    JsonNode cls = root.get("classes");
    if (!cls.isObject()) {
      throw new DatasetException(file, "'classes' is " + cls.getNodeType()
          + ", expected an object of name: value");
    }
    List<LabelClass> classes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : cls.properties()) {
      if (!e.getValue().canConvertToExactIntegral()) {
        throw new DatasetException(file, "class '" + e.getKey() + "' is " + e.getValue()
            + ", expected an integer value");
      }
      classes.add(new LabelClass(e.getKey(), e.getValue().asInt()));
    }
    int background = root.has("background") ? root.get("background").asInt() : 0;
    Integer unannotated = root.hasNonNull("unannotated") ? root.get("unannotated").asInt()
        : null;
    List<String> channels = new ArrayList<>();
    if (root.has("channels")) {
      root.get("channels").forEach(n -> channels.add(n.asText()));
    } else {
      channels.add("image");
    }
    String ending = root.has("file_ending") ? root.get("file_ending").asText() : ".nii.gz";
    String name = root.has("name") ? root.get("name").asText() : "dataset";
    return new DatasetDescriptor(name, background, classes, unannotated, channels, ending,
        null);
  }

  /** Dataset name. */
  public String name() {
    return name;
  }

  /** The background value. */
  public int backgroundValue() {
    return background;
  }

  /** Foreground classes sorted by value. */
  public List<LabelClass> classes() {
    return classes;
  }

  /** Number of foreground classes, m. */
  public int foregroundCount() {
    return classes.size();
  }

  /** Number of classes with background, m + 1. */
  public int classCount() {
    return classes.size() + 1;
  }

  /** Class names by index: {@code background} first, then the foreground classes. */
  public List<String> classNames() {
    List<String> names = new ArrayList<>();
    names.add("background");
    classes.forEach(c -> names.add(c.name()));
    return names;
  }

  /** The unannotated value, if the labels may be sparse. */
  public OptionalInt unannotatedValue() {
    return unannotated == null ? OptionalInt.empty() : OptionalInt.of(unannotated);
  }

  /** Channel names in channel order. */
  public List<String> channelNames() {
    return channels;
  }

  /** Number of image channels. */
  public int channelCount() {
    return channels.size();
  }

  /** File ending of volumes, e.g. {@code .nii.gz}. */
  public String fileEnding() {
    return fileEnding;
  }

  /** nnU-Net's {@code numTraining}, if given. */
  public OptionalInt numTraining() {
    return numTraining == null ? OptionalInt.empty() : OptionalInt.of(numTraining);
  }

  /** Whether a label value is background, a class, or the unannotated value. */
  public boolean isAllowed(int value) {
    return value == background || (unannotated != null && value == unannotated)
        || classes.stream().anyMatch(c -> c.value() == value);
  }

  /** Every allowed label value, increasing. */
  public int[] allowedValues() {
    List<Integer> all = new ArrayList<>();
    all.add(background);
    classes.forEach(c -> all.add(c.value()));
    if (unannotated != null) {
      all.add(unannotated);
    }
    return all.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /**
   * The class index of a raw label value: 0 for background, 1..m for the foreground classes in
   * increasing value order, -1 for the unannotated value.
   *
   * @throws IllegalArgumentException for a value the descriptor does not know
   */
  public int classIndex(int value) {
    if (value == background) {
      return 0;
    }
    if (unannotated != null && value == unannotated) {
      return -1;
    }
    for (int i = 0; i < classes.size(); i++) {
      if (classes.get(i).value() == value) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("label value " + value + " is not in descriptor " + name
        + ", expected one of " + java.util.Arrays.toString(allowedValues()));
  }

  /**
   * A table from raw value (0..255) to class index as {@link #classIndex(int)} gives, with -1
   * for the unannotated value and -2 for values the descriptor does not know.
   */
  public int[] classIndexTable() {
    int[] t = new int[MAX_LABEL_VALUE + 1];
    java.util.Arrays.fill(t, -2);
    for (int v : allowedValues()) {
      t[v] = classIndex(v);
    }
    return t;
  }

  /** A short description, e.g. {@code MSCMR: background=0, RV=1, MYO=2, LV=3, ...}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(": background=").append(background);
    for (LabelClass c : classes) {
      sb.append(", ").append(c.name()).append('=').append(c.value());
    }
    sb.append(", unannotated=").append(unannotated == null ? "none" : unannotated);
    sb.append(", channels=").append(channels);
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DatasetDescriptor)) {
      return false;
    }
    DatasetDescriptor d = (DatasetDescriptor) o;
    return name.equals(d.name) && background == d.background && classes.equals(d.classes)
        && Objects.equals(unannotated, d.unannotated) && channels.equals(d.channels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, background, classes, unannotated, channels);
  }
}
