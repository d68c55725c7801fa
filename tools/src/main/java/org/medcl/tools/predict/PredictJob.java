package org.medcl.tools.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiDatatype;
import org.medcl.data.nifti.NiftiReader;
import org.medcl.data.nifti.NiftiWriter;
import org.medcl.savedmodels.SegmentOptions;
import org.medcl.savedmodels.Segmentation;
import org.medcl.tools.postprocess.ConnectedComponents;
import org.medcl.tools.report.Overlays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predicts NIfTI volumes with a {@link LoadedModel} and writes label volumes with each input's
 * exact geometry: {@code <output>/<name>_pred.nii.gz} for an input {@code <name>.nii.gz}, plus
 * {@code <name>_prob.nii.gz} (4D float, one channel per class) and {@code <name>_overlay.png}
 * when asked. Inputs are never modified; every output is written under a temporary name and
 * renamed when complete.
 */
public final class PredictJob {
  private static final Logger LOG = LoggerFactory.getLogger(PredictJob.class);

  private final LoadedModel model;
  private final PredictOptions options;

  /** A job over one loaded model. */
  public PredictJob(LoadedModel model, PredictOptions options) {
    this.model = model;
    this.options = options;
  }

  /** The NIfTI files of a file or folder argument, sorted by name. */
  public static List<Path> inputs(Path input) throws IOException {
    if (Files.isRegularFile(input)) {
      return List.of(input);
    }
    if (!Files.isDirectory(input)) {
      throw new IOException("input " + input + " does not exist");
    }
    try (Stream<Path> s = Files.list(input)) {
      List<Path> files = new ArrayList<>(s.filter(p -> isNifti(p.getFileName().toString()))
          .sorted().toList());
      if (files.isEmpty()) {
        throw new IOException("input folder " + input + " holds no .nii or .nii.gz file");
      }
      return files;
    }
  }

  /** The file name without {@code .nii} or {@code .nii.gz}. */
  public static String stem(Path file) {
    String n = file.getFileName().toString();
    if (n.endsWith(".nii.gz")) {
      return n.substring(0, n.length() - 7);
    }
    return n.endsWith(".nii") ? n.substring(0, n.length() - 4) : n;
  }

  private static boolean isNifti(String name) {
    return name.endsWith(".nii") || name.endsWith(".nii.gz");
  }

  /**
   * A volume's prediction.
   *
   * @param labels label volume with the image's geometry and the model's label values,
   *     post-processing applied
   * @param raw the class indices before post-processing, and the probabilities when the
   *     options ask to write them
   */
  public record Output(Volume labels, Segmentation raw) {}

  /**
   * Predicts one volume in its own grid through the model's segmenter (flip test-time
   * augmentation there), then keeps the largest connected component per class when asked (the
   * myocardium's largest among those touching the left ventricle's and the right ventricle's
   * among those touching the myocardium's, see
   * {@link ConnectedComponents#heartAnchors}).
   */
  public Output predict(Volume image) {
    Segmentation s = model.segmenter().segment(image,
        new SegmentOptions(options.flipTta(), options.batchSize(), options.probabilities()));
    if (!options.largestComponent()) {
      return new Output(s.labels(), s);
    }
    List<String> names = model.classNames();
    int[] indices = new int[names.size()];
    for (int k = 0; k < indices.length; k++) {
      indices[k] = k + 1;
    }
    int[] kept = ConnectedComponents.of(image.nx(), image.ny(), image.nz())
        .keepLargest(s.classIndices(), ConnectedComponents.heartAnchors(names, indices));
    return new Output(model.segmenter().labelVolume(image, kept), s);
  }

  /** Predicts every input and writes the outputs into {@code output}; returns the label files. */
  public List<Path> run(List<Path> inputs, Path output) throws IOException {
    Files.createDirectories(output);
    List<Path> written = new ArrayList<>();
    for (Path in : inputs) {
      long t0 = System.nanoTime();
      Volume image = NiftiReader.read(in);
      Output out = predict(image);
      Volume labels = out.labels();
      String stem = stem(in);
      Path labelFile = output.resolve(stem + "_pred.nii.gz");
      NiftiWriter.writeLabels(labels, image, labelFile);
      written.add(labelFile);
      if (options.probabilities()) {
        NiftiWriter.write(probabilityVolume(out.raw(), image),
            output.resolve(stem + "_prob.nii.gz"),
            NiftiWriter.Options.of(NiftiDatatype.FLOAT32));
      }
      if (options.overlays()) {
        int[] lab = new int[labels.voxelCount()];
        for (int i = 0; i < lab.length; i++) {
          lab[i] = Math.round(labels.get(i));
        }
        float[] img = new float[image.voxelCount()];
        for (int i = 0; i < img.length; i++) {
          img[i] = image.get(i);
        }
        Overlays overlays = new Overlays();
        overlays.write(output.resolve(stem + "_overlay.png"),
            new Overlays.Case(img, lab, null, image.nx(), image.ny(), image.nz()));
      }
      LOG.info("predicted input={} output={} seconds={}", in.getFileName(),
          labelFile.getFileName(),
          String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
    }
    return written;
  }

  /** Class probabilities as a 4D volume [x, y, z, class] with the image's geometry. */
  static Volume probabilityVolume(Segmentation p, Volume image) {
    int plane = image.nx() * image.ny() * image.nz();
    float[] out = new float[plane * p.numClasses()];
    for (int v = 0; v < plane; v++) {
      for (int c = 0; c < p.numClasses(); c++) {
        out[c * plane + v] = p.probabilities()[v * p.numClasses() + c];
      }
    }
    return image.toBuilder().dims(image.nx(), image.ny(), image.nz(), p.numClasses())
        .adoptData(out)
        .datatype(NiftiDatatype.FLOAT32).build();
  }
}
