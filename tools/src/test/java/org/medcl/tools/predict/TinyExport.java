package org.medcl.tools.predict;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.medcl.data.Geometry;
import org.medcl.data.Volume;
import org.medcl.graphs.ThreadSettings;
import org.medcl.models.UNetConfig;
import org.medcl.savedmodels.ModelMetadata;
import org.medcl.savedmodels.SavedModelExporter;
import org.medcl.savedmodels.ServingGraph;

/** A tiny untrained network exported as a SavedModel, and synthetic volumes, for these tests. */
final class TinyExport {
  static final ModelMetadata META = new ModelMetadata("small", 1, 1.5,
      List.of("RV", "MYO", "LV"), List.of(1, 2, 3), 0);

  private TinyExport() {}

  /** Exports a depth-2, 4-filter UNet with seeded weights to {@code base}; returns version 1. */
  static Path export(Path base) throws IOException {
    UNetConfig config = UNetConfig.builder().depth(2).baseFilters(4).build();
    try (ServingGraph g = ServingGraph.create(config, 1.5, new ThreadSettings(1, 1))) {
      return SavedModelExporter.export(g, META, base, META::write,
          List.of(volume(16, 16, 1, 1))).folder();
    }
  }

  /** Seeded random intensities around 300, 0.75 mm pixels. */
  static Volume volume(int nx, int ny, int nz, long seed) {
    Random r = new Random(seed);
    float[] d = new float[nx * ny * nz];
    for (int i = 0; i < d.length; i++) {
      d[i] = 300f + 100f * (float) r.nextGaussian();
    }
    return Volume.builder().dims(nx, ny, nz, 1).data(d)
        .geometry(Geometry.ofSpacing(0.75, 0.75, 5.0)).build();
  }
}
