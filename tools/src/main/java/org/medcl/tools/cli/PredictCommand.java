package org.medcl.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.medcl.tools.predict.LoadedModel;
import org.medcl.tools.predict.Models;
import org.medcl.tools.predict.PredictJob;
import org.medcl.tools.predict.PredictOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code medcl predict}: label volumes for NIfTI images, from a run or a SavedModel. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Segments whole volumes: every slice at its full in-plane extent (nothing outside a centre "
          + "crop is lost), labels written as <name>_pred.nii.gz with the input's exact "
          + "geometry.",
      "--model takes a training run folder (its checkpoints/best, else checkpoints/last) or a "
          + "SavedModel exported by 'medcl export'."
    })
public final class PredictCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--model", required = true, description = "Run folder or SavedModel folder.")
  Path model;

  @Option(names = "--input", required = true, description = "A .nii/.nii.gz file or a folder "
      + "of them.")
  Path input;

  @Option(names = "--output", required = true, description = "Output folder (created).")
  Path output;

  @Option(names = "--checkpoint", defaultValue = "best",
      description = "Checkpoint of a run folder: best or last (default: ${DEFAULT-VALUE}).")
  String checkpoint;

  @Option(names = "--tta", description = "Flip test-time augmentation (left-right, up-down).")
  boolean tta;

  @Option(names = "--largest-component", description = "Keep the largest 3D connected "
      + "component (26-neighbourhood) of each class; with classes named MYO and LV, the "
      + "myocardium keeps its largest component touching the kept LV (its largest when none "
      + "touches), and RV its largest touching the kept MYO, so a blob far from the heart is "
      + "dropped.")
  boolean largestComponent;

  @Option(names = "--probabilities", description = "Also write <name>_prob.nii.gz (4D float).")
  boolean probabilities;

  @Option(names = "--overlays", description = "Also write <name>_overlay.png of a few slices.")
  boolean overlays;

  @Option(names = "--batch", defaultValue = "4", description = "Slices per inference call "
      + "(default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads (0 = all "
      + "cores).")
  int threads;

  @Override
  public Integer call() throws IOException {
    List<Path> inputs = PredictJob.inputs(input);
    PredictOptions options = new PredictOptions(tta, largestComponent, probabilities, overlays,
        batch);
    try (LoadedModel m = Models.load(model, checkpoint, threads)) {
      List<Path> written = new PredictJob(m, options).run(inputs, output);
      spec.commandLine().getOut().println("wrote " + written.size() + " label volume(s) to "
          + output);
    }
    return 0;
  }
}
