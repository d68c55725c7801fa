package org.medcl.tools.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiDatatype;
import org.medcl.data.nifti.NiftiReader;
import org.medcl.data.nifti.NiftiWriter;
import org.medcl.savedmodels.Segmentation;
import org.medcl.tools.postprocess.ConnectedComponents;

class PredictJobTest {
  @TempDir static Path shared;
  private static Path model;

  @BeforeAll
  static void export() throws IOException {
    model = TinyExport.export(shared.resolve("medcl"));
  }

  @Test
  void largestComponent_isAppliedToTheSegmentersLabels() throws IOException {
    Volume v = TinyExport.volume(30, 26, 4, 3);
    try (SavedModelModel m = SavedModelModel.load(model, 1)) {
      Segmentation plain = m.segmenter().segment(v);
      int[] expected = ConnectedComponents.of(30, 26, 4).keepLargest(plain.classIndices());
      PredictJob job = new PredictJob(m, new PredictOptions(false, true, false, false, 2));
      Volume labels = job.predict(v).labels();
      float[] want = new float[expected.length];
      for (int i = 0; i < want.length; i++) {
        want[i] = expected[i];
      }
      assertArrayEquals(want, labels.copyData());
    }
  }

  @Test
  void run_writesLabelsAndProbabilitiesWithTheInputGeometry(@TempDir Path dir)
      throws IOException {
    Volume v = TinyExport.volume(20, 18, 3, 4);
    Path in = dir.resolve("case_DE.nii.gz");
    NiftiWriter.write(v, in, NiftiWriter.Options.of(NiftiDatatype.FLOAT32));
    try (SavedModelModel m = SavedModelModel.load(model, 1)) {
      PredictJob job = new PredictJob(m, new PredictOptions(false, false, true, false, 4));
      List<Path> written = job.run(List.of(in), dir.resolve("out"));
      assertEquals(List.of(dir.resolve("out/case_DE_pred.nii.gz")), written);
      Volume labels = NiftiReader.read(written.get(0));
      Volume prob = NiftiReader.read(dir.resolve("out/case_DE_prob.nii.gz"));
      assertEquals("20 x 18 x 3", labels.shapeString());
      assertArrayEquals(v.spacing(), labels.spacing(), 1e-6);
      assertEquals(4, prob.channels());
      Segmentation s = m.segmenter().segment(NiftiReader.read(in));
      // channel c of the 4D file holds class c's probability at (x, y, z)
      assertEquals(s.probability(5, 7, 2, 3), prob.get(5, 7, 2, 3), 1e-7f);
      assertEquals(s.probability(0, 0, 0, 0), prob.get(0, 0, 0, 0), 1e-7f);
      assertTrue(labels.max() <= 3 && labels.min() >= 0);
    }
  }

  @Test
  void wrongChannelCount_namesTheVolume() throws IOException {
    Volume one = TinyExport.volume(8, 8, 1, 1);
    Volume two = Volume.builder().dims(8, 4, 1, 2).data(one.copyData())
        .geometry(one.geometry()).source(Path.of("two_channels.nii.gz")).build();
    try (SavedModelModel m = SavedModelModel.load(model, 1)) {
      PredictJob job = new PredictJob(m, new PredictOptions(false, false, false, false, 4));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> job.predict(two));
      assertEquals("expected 1 input channel, found 2 in two_channels.nii.gz", e.getMessage());
    }
  }
}
