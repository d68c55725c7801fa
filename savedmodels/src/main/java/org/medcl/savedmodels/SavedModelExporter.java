package org.medcl.savedmodels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.medcl.data.Volume;
import org.medcl.data.preprocess.ZScore;
import org.medcl.graphs.InferenceGraph;
import org.medcl.savedmodels.impl.SessionPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * Writes a {@link ServingGraph} as a TF Serving model version, {@code <base>/<version>/} with
 * {@value #GRAPH_FILE}, {@code variables/} and the caller's side files ({@code model.json},
 * {@code provenance.json}), and verifies it before it becomes visible: it is written into a
 * hidden temporary folder under {@code base} (TF Serving ignores non-numeric names), reloaded
 * fresh, its {@value #GRAPH_FILE} parsed (tag, signature key and method name, no optimizer or
 * gradient node), its signature checked, and both the reloaded model and the in-memory graph
 * segment the verification volumes; the probabilities must agree within {@link #TOLERANCE}. When
 * the graph was restored from a training checkpoint, the reloaded graph's network is also run
 * against the training code's {@link InferenceGraph} restored from that checkpoint, on the
 * network input the pipeline computes from the first slices of a verification volume, within the
 * same tolerance. Then
 * it is renamed to the next free version number. On any failure the temporary folder is
 * removed and a {@link SavedModelException} names what failed.
 */
public final class SavedModelExporter {
  /** The graph file of a SavedModel. */
  public static final String GRAPH_FILE = "saved_model.pb";
  /** Largest accepted absolute difference of a probability, reloaded against in-memory. */
  public static final double TOLERANCE = 1e-5;

  private static final Logger LOG = LoggerFactory.getLogger(SavedModelExporter.class);

  private SavedModelExporter() {}

  /** Writes the side files (model.json, provenance.json) into the version folder. */
  @FunctionalInterface
  public interface SideFiles {
    /** Writes into {@code versionFolder}. */
    void write(Path versionFolder) throws IOException;
  }

  /**
   * A verified export.
   *
   * @param folder the version folder
   * @param version its number
   * @param maxAbsDifference largest probability difference, reloaded against in-memory
   * @param labelDifferences voxels whose labels differ (0 unless probabilities tie)
   * @param slices slices compared
   * @param networkMaxAbsDifference largest difference of the reloaded network's probabilities
   *     from the training code's inference graph, NaN when the graph was not restored from a
   *     checkpoint
   */
  public record Result(Path folder, long version, double maxAbsDifference,
      long labelDifferences, long slices, double networkMaxAbsDifference) {}

  /**
   * Exports {@code graph} as the next version under {@code base}.
   *
   * @param metadata what {@code model.json} says (checked against the signature on reload)
   * @param sideFiles writes model.json (required) and any other files beside the graph
   * @param verification real volumes to compare on, at least one
   * @throws SavedModelException when writing or any check fails; nothing is left behind
   */
  public static Result export(ServingGraph graph, ModelMetadata metadata, Path base,
      SideFiles sideFiles, List<Volume> verification) throws SavedModelException {
    if (verification.isEmpty()) {
      throw new IllegalArgumentException("expected at least one verification volume, found 0");
    }
    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new SavedModelException(base, "cannot create the model base folder: " + e, e);
    }
    long version = nextVersion(base);
    Path tmp = base.resolve(".export-" + version + "-" + ProcessHandle.current().pid() + ".tmp");
    try {
      deleteTree(tmp);
      graph.exportTo(tmp);
      sideFiles.write(tmp);
      checkGraphFile(tmp);
      Result r = compare(graph, metadata, tmp, verification, version);
      Path target = base.resolve(Long.toString(version));
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("exported savedmodel={} version={} slices={} max_abs_difference={} "
          + "label_differences={}", target, version, r.slices(),
          String.format(Locale.ROOT, "%.3g", r.maxAbsDifference()), r.labelDifferences());
      return new Result(target, version, r.maxAbsDifference(), r.labelDifferences(),
          r.slices(), r.networkMaxAbsDifference());
    } catch (IOException | RuntimeException e) {
      try {
        deleteTree(tmp);
      } catch (IOException | UncheckedIOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof SavedModelException s) {
        throw s;
      }
      throw new SavedModelException(base, "export failed, nothing written: " + e.getMessage(), e);
    }
  }

  /** The next free version under {@code base}: one more than the highest, 1 for none. */
  public static long nextVersion(Path base) throws SavedModelException {
    Optional<Path> top = Segmenter.highestVersion(base, false);
    return top.map(p -> Long.parseLong(p.getFileName().toString()) + 1).orElse(1L);
  }

  /**
   * Parses {@value #GRAPH_FILE}: one meta graph tagged {@value ServingSignature#TAG}, the
   * signature {@value ServingSignature#KEY} with method {@value ServingSignature#METHOD}, and no
   * node of an optimizer or a gradient.
   */
  static void checkGraphFile(Path folder) throws IOException {
    Path file = folder.resolve(GRAPH_FILE);
    SavedModel model;
    try {
      model = SavedModel.parseFrom(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new SavedModelException(folder, "cannot parse " + file + ": " + e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    if (model.getMetaGraphsCount() != 1) {
      problems.add(model.getMetaGraphsCount() + " meta graphs, expected 1");
    } else {
      MetaGraphDef meta = model.getMetaGraphs(0);
      if (!meta.getMetaInfoDef().getTagsList().contains(ServingSignature.TAG)) {
        problems.add("tags " + meta.getMetaInfoDef().getTagsList() + ", expected ["
            + ServingSignature.TAG + "]");
      }
      SignatureDef sig = meta.getSignatureDefMap().get(ServingSignature.KEY);
      if (sig == null) {
        problems.add("signatures " + meta.getSignatureDefMap().keySet() + ", expected "
            + ServingSignature.KEY);
      } else if (!ServingSignature.METHOD.equals(sig.getMethodName())) {
        problems.add("method name '" + sig.getMethodName() + "', expected '"
            + ServingSignature.METHOD + "'");
      }
      for (NodeDef n : meta.getGraphDef().getNodeList()) {
        if (isTraining(n)) {
          problems.add("training node " + n.getName() + " (" + n.getOp() + ")");
          break;
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new SavedModelException(folder, file.getFileName() + " is not a serving export: "
          + String.join("; ", problems));
    }
  }

  private static boolean isTraining(NodeDef n) {
    String op = n.getOp();
    return op.startsWith("Apply") || op.startsWith("ResourceApply")
        || op.matches(".*Grad(V[0-9])?") || n.getName().startsWith("gradients")
        || n.getName().contains("/gradients") || n.getName().startsWith("medcl/");
  }

  private static Result compare(ServingGraph graph, ModelMetadata metadata, Path folder,
      List<Volume> verification, long version) throws SavedModelException {
    double maxDiff = 0;
    long labelDiff = 0;
    long slices = 0;
    double network = Double.NaN;
    try (Segmenter loaded = Segmenter.load(folder, graph.threads())) {
      Segmenter memory = Segmenter.view(graph, metadata, "in-memory graph");
      for (Volume v : verification) {
        Segmentation a = memory.segment(v);
        Segmentation b = loaded.segment(v);
        float[] pa = a.probabilities();
        float[] pb = b.probabilities();
        for (int i = 0; i < pa.length; i++) {
          double d = Math.abs((double) pa[i] - pb[i]);
          if (!(d <= maxDiff)) {
            maxDiff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
          }
        }
        for (int i = 0; i < a.classIndices().length; i++) {
          labelDiff += a.classIndices()[i] != b.classIndices()[i] ? 1 : 0;
        }
        slices += v.nz();
      }
      if (graph.restoredFrom() != null) {
        network = checkNetwork(loaded, graph, verification.get(0), folder);
      }
    }
    if (!(maxDiff <= TOLERANCE)) {
      throw new SavedModelException(folder, String.format(Locale.ROOT, "reloaded model differs "
          + "from the in-memory graph: max abs probability difference %.3g > %.0e over %d "
          + "slices", maxDiff, TOLERANCE, slices));
    }
    return new Result(folder, version, maxDiff, labelDiff, slices, network);
  }

  /** Max abs difference of the reloaded network from the training code's inference graph. */
  private static double checkNetwork(Segmenter loaded, ServingGraph graph, Volume v, Path folder)
      throws SavedModelException {
    int n = Math.min(SegmentOptions.DEFAULT_BATCH, v.nz());
    float[][] ms = Segmenter.statistics(ZScore.stats(v), n);
    float[] spacing = {(float) v.spacing()[1], (float) v.spacing()[0]};
    List<SessionPipeline.Fetched> f = loaded.pipeline().fetch(Segmenter.slices(v, 0, n), n,
        v.ny(), v.nx(), ms[0], ms[1], spacing,
        List.of(ServingGraph.NETWORK_INPUT, ServingGraph.NETWORK_OUTPUT));
    long[] shape = f.get(0).shape();
    float[] want;
    try (InferenceGraph reference = InferenceGraph.create(graph.config(), graph.threads())) {
      reference.restore(graph.restoredFrom());
      want = reference.infer(f.get(0).values(), (int) shape[0], (int) shape[1],
          (int) shape[2]);
    }
    float[] got = f.get(1).values();
    double max = want.length == got.length ? 0 : Double.POSITIVE_INFINITY;
    for (int i = 0; i < want.length && i < got.length; i++) {
      double d = Math.abs((double) want[i] - got[i]);
      if (!(d <= max)) {
        max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
      }
    }
    if (!(max <= TOLERANCE)) {
      throw new SavedModelException(folder, String.format(Locale.ROOT, "reloaded network differs "
          + "from the training code's inference graph restored from %s: max abs probability "
          + "difference %.3g > %.0e", graph.restoredFrom(), max, TOLERANCE));
    }
    return max;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
