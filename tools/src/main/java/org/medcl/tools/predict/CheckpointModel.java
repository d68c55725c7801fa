package org.medcl.tools.predict;

import java.io.IOException;
import java.nio.file.Path;
import org.medcl.graphs.ThreadSettings;
import org.medcl.savedmodels.ModelMetadata;
import org.medcl.savedmodels.Segmenter;
import org.medcl.savedmodels.ServingGraph;
import org.medcl.tools.train.RunFolder;

/**
 * A run's checkpoint restored into the serving pipeline graph that {@code medcl export} writes
 * (built in memory), so that predicting from a run and from its export differ only in how the
 * graph is loaded.
 */
public final class CheckpointModel implements LoadedModel {
  private final ModelInfo info;
  private final ServingGraph graph;
  private final Segmenter segmenter;
  private final Path checkpoint;

  private CheckpointModel(ModelInfo info, ServingGraph graph, Segmenter segmenter,
      Path checkpoint) {
    this.info = info;
    this.graph = graph;
    this.segmenter = segmenter;
    this.checkpoint = checkpoint;
  }

  /**
   * Loads {@code checkpoint} ({@code best} or {@code last}) of the run in {@code runFolder}.
   *
   * @param threads TensorFlow intra-op threads, 0 for all cores
   * @throws IOException when the folder is not a run or the checkpoint is missing
   */
  public static CheckpointModel load(Path runFolder, String checkpoint, int threads)
      throws IOException {
    ModelInfo info = ModelInfo.read(runFolder);
    RunFolder run = new RunFolder(runFolder);
    Path folder = run.existingCheckpoint(checkpoint);
    ModelMetadata meta = info.toMetadata();
    ServingGraph graph = ServingGraph.create(meta.unetConfig(), info.spacing(),
        threadSettings(threads));
    try {
      graph.restore(folder.resolve(RunFolder.MODEL_PREFIX).toString());
    } catch (RuntimeException e) {
      graph.close();
      throw new IOException("cannot restore checkpoint " + folder + ": " + e.getMessage(), e);
    }
    String description = runFolder + " (" + folder.getFileName() + ")";
    return new CheckpointModel(info, graph, Segmenter.of(graph, meta, description), folder);
  }

  /** The session threads of both model kinds: {@code threads} intra-op, one inter-op. */
  static ThreadSettings threadSettings(int threads) {
    return new ThreadSettings(threads, 1);
  }

  /** The serving graph, for export. */
  public ServingGraph graph() {
    return graph;
  }

  /** The checkpoint folder restored. */
  public Path checkpoint() {
    return checkpoint;
  }

  /** The model's facts as the run wrote them. */
  public ModelInfo info() {
    return info;
  }

  @Override
  public Segmenter segmenter() {
    return segmenter;
  }

  @Override
  public String description() {
    return segmenter.description();
  }

  /** Closes the segmenter and with it the graph; idempotent. */
  @Override
  public void close() {
    segmenter.close();
  }
}
