package org.medcl.tools.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.medcl.data.Volume;
import org.medcl.data.dataset.CaseLoader;
import org.medcl.data.dataset.CaseRef;
import org.medcl.data.dataset.DataRoot;
import org.medcl.data.dataset.Dataset;
import org.medcl.data.dataset.Datasets;
import org.medcl.savedmodels.SavedModelException;
import org.medcl.savedmodels.SavedModelExporter;
import org.medcl.tools.predict.CheckpointModel;
import org.medcl.tools.train.Provenance;
import org.medcl.tools.train.RunFolder;
import org.medcl.tools.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code medcl export}: a run's checkpoint as a verified TF Serving SavedModel version. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Exports a training run's checkpoint as a SavedModel for TensorFlow Serving and the Java "
          + "Segmenter: <output>/<version>/saved_model.pb and variables/ (next free version "
          + "number), tag serve, signature serving_default (tensorflow/serving/predict), with "
          + "model.json and provenance.json beside it.",
      "The graph holds the whole inference pipeline (z-score from the fed mean and std, "
          + "resampling to the model's spacing and back, padding, network, softmax, arg-max); "
          + "see docs/SERVING.md.",
      "The export verifies itself on real val cases before it appears; on failure nothing is "
          + "left and the exit code is 1."
    })
public final class ExportCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--run", required = true, description = "Training run folder.")
  Path run;

  @Option(names = "--output", required = true, description = "Model base folder "
      + "<base>/<model_name>; the version folder is created under it.")
  Path output;

  @Option(names = "--checkpoint", defaultValue = "best",
      description = "best or last (default: ${DEFAULT-VALUE}).")
  String checkpoint;

  @Option(names = "--data", description = "Dataset folder whose val cases verify the export "
      + "(default: the run's data root, else $MEDCL_DATA, else ../shared/data/mscmr).")
  Path data;

  @Option(names = "--verify-cases", defaultValue = "1", description = "Val cases to verify on "
      + "(default: ${DEFAULT-VALUE}).")
  int verifyCases;

  @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads (0 = all "
      + "cores).")
  int threads;

  @Override
  public Integer call() throws IOException {
    if (verifyCases < 1) {
      throw new IllegalArgumentException("--verify-cases must be at least 1, found "
          + verifyCases);
    }
    RunFolder folder = new RunFolder(run);
    TrainConfig config = TrainConfig.load(folder.config());
    Path root = DataRoot.resolve(data != null ? data
        : config.data().root() == null ? null : Path.of(config.data().root()));
    Dataset dataset = Datasets.open(root);
    List<CaseRef> refs = new ArrayList<>();
    for (CaseRef r : dataset.cases("val")) {
      boolean chosen = config.data().valCases().isEmpty()
          || config.data().valCases().contains(r.id());
      if (chosen && refs.size() < verifyCases) {
        refs.add(r);
      }
    }
    if (refs.isEmpty()) {
      throw new IOException("dataset " + root + " has no val case to verify the export on");
    }
    List<Volume> volumes = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (CaseRef r : refs) {
      volumes.add(CaseLoader.readImage(r, dataset.descriptor()));
      files.addAll(r.images());
    }
    try (CheckpointModel model = CheckpointModel.load(run, checkpoint, threads)) {
      Provenance provenance = Provenance.start("export", config.toTree())
          .put("run", run.toAbsolutePath().normalize().toString())
          .put("checkpoint", model.checkpoint().getFileName().toString())
          .put("verifiedOn", refs.stream().map(CaseRef::id).toList().toString());
      if (Files.isRegularFile(folder.provenance())) {
        provenance.put("runProvenance", new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(folder.provenance().toFile()));
      }
      provenance.data(root, files);
      SavedModelExporter.Result r = SavedModelExporter.export(model.graph(),
          model.info().toMetadata(), output, dir -> {
            model.info().write(dir);
            provenance.finish(dir.resolve("provenance.json"));
          }, volumes);
      spec.commandLine().getOut().println(String.format(Locale.ROOT, "exported %s (version %d),"
          + " verified on %d slices: max abs probability difference %.2g, %d label "
          + "difference(s); network against the training code's inference graph: %.2g",
          r.folder(), r.version(), r.slices(), r.maxAbsDifference(), r.labelDifferences(),
          r.networkMaxAbsDifference()));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (SavedModelException e) {
      spec.commandLine().getErr().println("medcl export: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
  }
}
