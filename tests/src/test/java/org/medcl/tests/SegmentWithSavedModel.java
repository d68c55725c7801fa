package org.medcl.tests;

import java.io.IOException;
import java.nio.file.Path;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiReader;
import org.medcl.data.nifti.NiftiWriter;
import org.medcl.graphs.ThreadSettings;
import org.medcl.savedmodels.Segmentation;
import org.medcl.savedmodels.Segmenter;

/**
 * Entry point that {@link ExportReloadTest} runs in a fresh JVM: segments
 * {@code args[1]} with the SavedModel {@code args[0]} (one TensorFlow thread, as the test's
 * checkpoint prediction) and writes the labels to {@code args[2]}.
 */
public final class SegmentWithSavedModel {
  private SegmentWithSavedModel() {}

  /** Model folder, image, output. */
  public static void main(String[] args) throws IOException {
    Volume image = NiftiReader.read(Path.of(args[1]));
    try (Segmenter s = Segmenter.load(Path.of(args[0]), new ThreadSettings(1, 1))) {
      Segmentation seg = s.segment(image);
      NiftiWriter.writeLabels(seg.labels(), image, Path.of(args[2]));
    }
  }
}
