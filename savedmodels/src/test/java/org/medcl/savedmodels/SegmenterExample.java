package org.medcl.savedmodels;

import java.io.IOException;
import java.nio.file.Path;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiReader;
import org.medcl.data.nifti.NiftiWriter;

/**
 * The embedding example of docs/SERVING.md: segment one NIfTI volume with an exported model.
 * Usage: {@code SegmenterExample <model folder> <image.nii.gz> <labels.nii.gz>}.
 */
public final class SegmenterExample {
  private SegmenterExample() {}

  /** Segments {@code args[1]} with the model in {@code args[0]}, writes {@code args[2]}. */
  public static void main(String[] args) throws IOException {
    Path model = Path.of(args[0]);
    Volume image = NiftiReader.read(Path.of(args[1]));
    try (Segmenter segmenter = Segmenter.load(model)) {
      Segmentation result = segmenter.segment(image);
      NiftiWriter.writeLabels(result.labels(), image, Path.of(args[2]));
    }
  }
}
