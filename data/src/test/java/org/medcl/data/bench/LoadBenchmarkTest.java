package org.medcl.data.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.Geometry;
import org.medcl.data.TestVolumes;
import org.medcl.data.dataset.CaseRef;
import org.medcl.data.dataset.Dataset;
import org.medcl.data.dataset.Datasets;
import org.medcl.data.nifti.NiftiDatatype;
import org.medcl.data.nifti.NiftiWriter;
import org.medcl.data.preprocess.Slicer;

class LoadBenchmarkTest {
  @TempDir
  Path dir;

  @Test
  void run_countsOneSlicePerZOfEveryCase() throws Exception {
    // three unlabelled test-split cases of 4, 3 and 2 slices
    int[] nz = {4, 3, 2};
    for (int i = 0; i < nz.length; i++) {
      Path f = dir.resolve("train/images/s" + i + "_DE.nii.gz");
      java.nio.file.Files.createDirectories(f.getParent());
      NiftiWriter.write(TestVolumes.coded(5, 5, nz[i], 1, Geometry.ofSpacing(1, 1, 1)), f,
          NiftiWriter.Options.of(NiftiDatatype.INT16));
    }
    Dataset d = Datasets.open(dir);
    List<CaseRef> cases = new ArrayList<>(d.cases("train"));
    LoadBenchmark.Run r = LoadBenchmark.run(d, cases, new Slicer(), 2);
    assertEquals(3, r.volumes());
    assertEquals(9, r.slices());
    assertTrue(r.seconds() > 0);
  }

  @Test
  void unknownArgument_isRejectedListingLegalOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LoadBenchmark.main(new String[] {"--fast"}));
    assertEquals("unknown argument '--fast', expected --data DIR, --threads N or --runs N",
        e.getMessage());
  }
}
