package org.medcl.savedmodels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiDatatype;
import org.medcl.data.nifti.NiftiReader;
import org.medcl.data.nifti.NiftiWriter;

class SegmenterExampleTest {

  @Test
  void example_segmentsAFileWithAnExportedModel(@TempDir Path dir) throws IOException {
    ModelMetadata meta = TinyModels.metadata(1.5);
    Volume v = TinyModels.volume(24, 20, 2, 1, 0.9, 5);
    Path image = dir.resolve("case_DE.nii.gz");
    NiftiWriter.write(v, image, NiftiWriter.Options.of(NiftiDatatype.FLOAT32));
    Path base = dir.resolve("medcl");
    Segmentation expected;
    try (ServingGraph g = ServingGraph.create(TinyModels.same(), 1.5, TinyModels.THREADS)) {
      SavedModelExporter.export(g, meta, base, meta::write, List.of(v));
      expected = Segmenter.view(g, meta, "memory").segment(NiftiReader.read(image));
    }
    Path out = dir.resolve("case_DE_pred.nii.gz");
    SegmenterExample.main(new String[] {base.toString(), image.toString(), out.toString()});
    Volume labels = NiftiReader.read(out);
    assertEquals(v.shapeString(), labels.shapeString());
    float[] want = new float[expected.classIndices().length];
    for (int i = 0; i < want.length; i++) {
      want[i] = expected.classIndices()[i];
    }
    // values 1, 2, 3 for classes 1, 2, 3 and background 0: the indices themselves
    assertArrayEquals(want, labels.copyData());
  }
}
