package org.medcl.tools.predict;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.medcl.graphs.InferenceGraph;
import org.medcl.graphs.ThreadSettings;
import org.medcl.models.UNetConfig;
import org.medcl.tools.train.RunFolder;

/** A run's checkpoint loaded into a forward-only graph. */
public final class CheckpointModel implements LoadedModel {
  private final ModelInfo info;
  private final InferenceGraph graph;
  private final String description;

  private CheckpointModel(ModelInfo info, InferenceGraph graph, String description) {
    this.info = info;
    this.graph = graph;
    this.description = description;
  }

  /**
   * Loads {@code checkpoint} ({@code best} or {@code last}) of the run in {@code runFolder}.
   *
   * @throws IOException when the folder is not a run or the checkpoint is missing
   */
  public static CheckpointModel load(Path runFolder, String checkpoint, int threads)
      throws IOException {
    ModelInfo info = ModelInfo.read(runFolder);
    RunFolder run = new RunFolder(runFolder);
    Path folder = run.existingCheckpoint(checkpoint);
    UNetConfig config = UNetConfig.preset(info.preset()).toBuilder()
        .numClasses(info.foreground()).inputChannels(info.channels()).build();
    InferenceGraph graph = InferenceGraph.create(config, new ThreadSettings(threads, 1));
    try {
      graph.restore(folder.resolve(RunFolder.MODEL_PREFIX).toString());
    } catch (RuntimeException e) {
      graph.close();
      throw new IOException("cannot restore checkpoint " + folder + ": " + e.getMessage(), e);
    }
    return new CheckpointModel(info, graph, runFolder + " (" + folder.getFileName() + ")");
  }

  /** The forward graph, for export. */
  public InferenceGraph graph() {
    return graph;
  }

  /** The model's facts. */
  public ModelInfo info() {
    return info;
  }

  @Override
  public SliceInference inference() {
    return graph::infer;
  }

  @Override
  public int numClasses() {
    return info.foreground() + 1;
  }

  @Override
  public List<String> classNames() {
    return info.classNames();
  }

  @Override
  public Double spacing() {
    return info.spacing();
  }

  @Override
  public int channels() {
    return info.channels();
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() {
    graph.close();
  }
}
