package org.medcl.tools.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.medcl.models.ActivationMemory;
import org.medcl.models.Precision;

/**
 * The resolved configuration of a training run: the shipped defaults
 * ({@code configs/mscmr-cpu.yaml}), then a user's YAML or JSON file, then command-line overrides,
 * each layer replacing the keys it names. Saved as {@code config.yaml} in the run folder.
 *
 * @param data which cases and how they are labelled
 * @param model network preset and training geometry
 * @param train optimisation and stopping
 * @param loss weights and settings of the MedCL terms
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TrainConfig(Data data, Model model, Train train, Loss loss) {

  /** Name of the shipped default configuration on the class path. */
  public static final String DEFAULT_RESOURCE = "/configs/mscmr-cpu.yaml";

  private static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /**
   * Data selection.
   *
   * @param root dataset folder, or null for the usual resolution (--data, MEDCL_DATA, shared)
   * @param labeledCases how many training cases keep their scribbles; null for all
   * @param labeledList explicit subject ids that keep their scribbles (wins over labeledCases)
   * @param unlabeledRatio unlabelled slices per labelled slice in a batch
   * @param trainCases train subject ids to use; empty for the whole train split
   * @param valCases val subject ids to validate on; empty for the whole val split
   * @param farBackgroundMm in labelled slices, unannotated pixels farther than this from the
   *     foreground scribbles' centre become background on a sparse grid ({@link FarBackground});
   *     0 for off
   * @param farBackgroundStride grid step of those pseudo-labels, in pixels along each axis
   */
  public record Data(
      String root, Integer labeledCases, List<String> labeledList, double unlabeledRatio,
      List<String> trainCases, List<String> valCases, double farBackgroundMm,
      int farBackgroundStride) {
    /** Copies the lists. */
    public Data {
      labeledList = labeledList == null ? List.of() : List.copyOf(labeledList);
      trainCases = trainCases == null ? List.of() : List.copyOf(trainCases);
      valCases = valCases == null ? List.of() : List.copyOf(valCases);
    }
  }

  /**
   * Network and training geometry.
   *
   * @param preset UNet preset name ({@code small} or {@code reference})
   * @param size side of the square training crop in pixels, after resampling
   * @param spacing in-plane resampling target in mm, or null for the native spacing
   */
  public record Model(String preset, int size, Double spacing) {}

  /**
   * Optimisation and stopping.
   *
   * @param batch labelled slices per step; with unlabelled cases, {@code batch x
   *     data.unlabeledRatio} unlabelled slices are added (a step forwards 4 images per slice)
   * @param epochs maximum epochs
   * @param minutes wall-clock budget in minutes, 0 for none
   * @param patience validations without improvement before stopping, 0 for off
   * @param amplification draws of each training slice per epoch
   * @param randomCrops fraction of the training crops placed uniformly over the slice instead
   *     of around its annotated foreground, so that the network also sees the far field
   * @param seed seed of every random choice of the run
   * @param threads TensorFlow intra-op threads, 0 for all cores
   * @param devices replicas of the mirrored step: a count of CPU devices ("1" = one device, no
   *     mirroring) or a device list such as {@code gpu:0,gpu:1}
   * @param precision the step's arithmetic: {@code float32}, or {@code bfloat16} (mixed
   *     precision through TensorFlow's oneDNN rewrite, on CPUs with bfloat16 instructions;
   *     elsewhere it falls back to float32 with a warning)
   * @param activations what the training forward keeps for the backward pass: {@code keep}
   *     (every activation) or {@code recompute} (the convolution outputs only; BatchNorm,
   *     LeakyReLU, dropout, pooling and concatenation are rebuilt during the backward pass)
   * @param validateMinutes validate at least this often (also at every epoch end)
   * @param validateLargestComponent score validation predictions after keeping the largest 3D
   *     component per class, as {@code medcl predict --largest-component} does, so that the best
   *     checkpoint is chosen for the pipeline that will be used
   * @param checkpointMinutes write {@code last} at least this often
   * @param lr learning-rate schedule
   */
  public record Train(
      int batch,
      int epochs,
      double minutes,
      int patience,
      int amplification,
      double randomCrops,
      long seed,
      int threads,
      String devices,
      String precision,
      String activations,
      double validateMinutes,
      boolean validateLargestComponent,
      double checkpointMinutes,
      Lr lr) {}

  /**
   * Learning-rate schedule.
   *
   * @param schedule {@code constant}, {@code triangular} or {@code cosine}
   * @param max peak (and constant) rate
   * @param min lowest rate of the triangular cycle, and the end of the cosine decay
   * @param periodEpochs period of the cycle in epochs
   */
  public record Lr(String schedule, double max, double min, double periodEpochs) {}

  /**
   * Loss weights and settings; see {@code ../shared/METHOD.md}.
   *
   * @param mix weight of L_mix
   * @param cluster weight of L_cluster (which includes L_map)
   * @param ac weight of L_ac
   * @param scribble weight of L_scribble
   * @param category weight of L_category
   * @param mixStopGradient stop the gradient on the mixed-prediction target of L_mix
   * @param mixAlpha parameter a of the Beta(a, a) mixing coefficients
   * @param unionBce binary cross-entropy on the union maps inside L_scribble
   * @param prototypes number d of prototypes
   * @param sinkhornEps Sinkhorn temperature
   * @param sinkhornIterations Sinkhorn iterations
   * @param mapTemperature temperature w of the softmax over prototypes
   * @param clusterTemperature temperature tau of the cluster contrast
   * @param pool average-pool factor of the maps before the mapping (1 = exact)
   * @param mapNormFloor smallest norm a pixel vector of the mapping is divided by (0 = unit
   *     vectors, exact; see {@code ClusterLoss})
   * @param cosineAreaFloor fraction of a map's pixels below whose area its norm is floored in the
   *     cosines of L_mix and L_ac (0 = the plain cosine, exact; see {@code MixLoss})
   * @param rampUpSteps steps over which the weights of L_mix, L_cluster and L_ac ramp up from
   *     0 (sigmoid-shaped, see {@code LossWeights}); 0 keeps them constant
   */
  public record Loss(
      double mix,
      double cluster,
      double ac,
      double scribble,
      double category,
      boolean mixStopGradient,
      double mixAlpha,
      boolean unionBce,
      int prototypes,
      double sinkhornEps,
      int sinkhornIterations,
      double mapTemperature,
      double clusterTemperature,
      int pool,
      double mapNormFloor,
      double cosineAreaFloor,
      long rampUpSteps) {}

  /** The shipped defaults. */
  public static TrainConfig defaults() {
    return fromTree(defaultTree(), DEFAULT_RESOURCE);
  }

  /**
   * Resolves a configuration: defaults, then {@code file} (may be null), then overrides given as
   * {@code section.key=value} (values parsed as YAML scalars or lists).
   *
   * @throws IOException when the file cannot be read or parsed; the message names the file
   * @throws IllegalArgumentException for an unknown key or a value of the wrong type
   */
  public static TrainConfig resolve(Path file, Map<String, String> overrides) throws IOException {
    ObjectNode tree = defaultTree();
    String source = DEFAULT_RESOURCE;
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new IOException("config file " + file + " does not exist or is not a file");
      }
      JsonNode user;
      try {
        user = YAML.readTree(file.toFile());
      } catch (IOException e) {
        throw new IOException("config file " + file + " is not valid YAML or JSON: "
            + e.getMessage(), e);
      }
      if (user != null && !user.isMissingNode() && !user.isNull()) {
        if (!user.isObject()) {
          throw new IOException("config file " + file + " must hold a mapping, found "
              + user.getNodeType());
        }
        merge(tree, (ObjectNode) user, file.toString(), "");
      }
      source = file.toString();
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      set(tree, e.getKey(), e.getValue());
    }
    return fromTree(tree, source);
  }

  /** Writes this configuration as YAML to {@code file}, through a temporary file and a rename. */
  public void save(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    YAML.writeValue(tmp.toFile(), this);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads a configuration written by {@link #save}. */
  public static TrainConfig load(Path file) throws IOException {
    return resolve(file, Map.of());
  }

  /** This configuration as a YAML string. */
  public String toYaml() {
    try {
      return YAML.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This configuration as a JSON tree (for provenance files). */
  public JsonNode toTree() {
    return YAML.valueToTree(this);
  }

  private static ObjectNode defaultTree() {
    try (InputStream in = TrainConfig.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the class path");
      }
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void merge(ObjectNode base, ObjectNode over, String source, String prefix) {
    Iterator<Map.Entry<String, JsonNode>> it = over.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      JsonNode existing = base.get(e.getKey());
      if (existing == null) {
        throw new IllegalArgumentException("unknown config key '" + key + "' in " + source
            + "; known keys here: " + fieldNames(base));
      }
      if (existing.isObject() && e.getValue().isObject()) {
        merge((ObjectNode) existing, (ObjectNode) e.getValue(), source, key + ".");
      } else {
        base.set(e.getKey(), e.getValue());
      }
    }
  }

  private static void set(ObjectNode tree, String path, String value) {
    String[] parts = path.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (child == null || !child.isObject()) {
        throw new IllegalArgumentException("unknown config key '" + path + "'; known keys: "
            + fieldNames(node));
      }
      node = (ObjectNode) child;
    }
    String leaf = parts[parts.length - 1];
    if (!node.has(leaf)) {
      throw new IllegalArgumentException("unknown config key '" + path + "'; known keys: "
          + fieldNames(node));
    }
    try {
      node.set(leaf, YAML.readTree(value == null ? "null" : value));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot parse value '" + value + "' of " + path, e);
    }
  }

  private static String fieldNames(ObjectNode node) {
    StringBuilder sb = new StringBuilder();
    node.fieldNames().forEachRemaining(n -> sb.append(sb.length() == 0 ? "" : ", ").append(n));
    return sb.toString();
  }

  private static TrainConfig fromTree(ObjectNode tree, String source) {
    TrainConfig config;
    try {
      config = YAML.treeToValue(tree, TrainConfig.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid configuration from " + source + ": "
          + e.getMessage(), e);
    }
    config.validate(source);
    return config;
  }

  private void validate(String source) {
    List<String> presets = List.of("small", "reference");
    require(presets.contains(model.preset()), source, "model.preset must be one of " + presets
        + ", found '" + model.preset() + "'");
    require(model.size() >= 16, source, "model.size must be at least 16, found " + model.size());
    require(model.spacing() == null || model.spacing() > 0, source,
        "model.spacing must be positive or null, found " + model.spacing());
    require(train.batch() >= 1, source, "train.batch must be at least 1, found " + train.batch());
    require(train.epochs() >= 1, source, "train.epochs must be at least 1, found "
        + train.epochs());
    require(train.minutes() >= 0, source, "train.minutes must be >= 0, found " + train.minutes());
    require(train.amplification() >= 1, source, "train.amplification must be >= 1, found "
        + train.amplification());
    require(train.threads() >= 0, source, "train.threads must be >= 0, found " + train.threads());
    require(train.devices() != null && !train.devices().isBlank(), source,
        "train.devices must be a device count or list, found '" + train.devices() + "'");
    try {
      Precision.parse(train.precision());
    } catch (IllegalArgumentException e) {
      throw invalid(source, "train.precision: " + e.getMessage(), e);
    }
    try {
      ActivationMemory.parse(train.activations());
    } catch (IllegalArgumentException e) {
      throw invalid(source, "train.activations: " + e.getMessage(), e);
    }
    LearningRateSchedule.parse(train.lr().schedule());
    require(train.lr().max() > 0 && train.lr().min() > 0 && train.lr().min() <= train.lr().max(),
        source, "train.lr needs 0 < min <= max, found min=" + train.lr().min() + " max="
            + train.lr().max());
    require(data.labeledCases() == null || data.labeledCases() >= 1, source,
        "data.labeledCases must be at least 1 or null, found " + data.labeledCases());
    require(data.unlabeledRatio() > 0, source, "data.unlabeledRatio must be positive, found "
        + data.unlabeledRatio());
    require(loss.prototypes() >= 2, source, "loss.prototypes must be at least 2, found "
        + loss.prototypes());
    require(data.farBackgroundMm() >= 0 && Double.isFinite(data.farBackgroundMm()), source,
        "data.farBackgroundMm must be a finite number >= 0, found " + data.farBackgroundMm());
    require(data.farBackgroundStride() >= 1, source,
        "data.farBackgroundStride must be at least 1, found " + data.farBackgroundStride());
    require(train.randomCrops() >= 0 && train.randomCrops() <= 1, source,
        "train.randomCrops must be in [0, 1], found " + train.randomCrops());
    require(loss.rampUpSteps() >= 0, source, "loss.rampUpSteps must be >= 0, found "
        + loss.rampUpSteps());
    require(loss.mapNormFloor() >= 0 && Double.isFinite(loss.mapNormFloor()), source,
        "loss.mapNormFloor must be a finite number >= 0, found " + loss.mapNormFloor());
    require(loss.cosineAreaFloor() >= 0 && loss.cosineAreaFloor() < 1, source,
        "loss.cosineAreaFloor must be in [0, 1), found " + loss.cosineAreaFloor());
    require(loss.pool() >= 1, source, "loss.pool must be at least 1, found " + loss.pool());
    require(model.size() % loss.pool() == 0, source, "model.size " + model.size()
        + " must be a multiple of loss.pool " + loss.pool());
  }

  private static void require(boolean ok, String source, String message) {
    if (!ok) {
      throw invalid(source, message, null);
    }
  }

  private static IllegalArgumentException invalid(String source, String message,
      Throwable cause) {
    return new IllegalArgumentException("invalid configuration from " + source + ": " + message,
        cause);
  }
}
