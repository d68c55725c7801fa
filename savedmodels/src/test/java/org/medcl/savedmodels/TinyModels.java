package org.medcl.savedmodels;

import java.util.List;
import java.util.Random;
import org.medcl.data.Geometry;
import org.medcl.data.Volume;
import org.medcl.graphs.ThreadSettings;
import org.medcl.models.Padding;
import org.medcl.models.UNetConfig;
import org.medcl.models.UpMode;

/** Tiny networks and synthetic volumes shared by the tests of this package. */
final class TinyModels {
  /** One thread each: deterministic and light on a shared 2-core machine. */
  static final ThreadSettings THREADS = new ThreadSettings(1, 1);

  private TinyModels() {}

  /** A SAME-padded UNet of depth 2 and 4 base filters (m = 3). */
  static UNetConfig same() {
    return UNetConfig.builder().depth(2).baseFilters(4).build();
  }

  /**
   * A VALID UNet of depth 2 with nearest upsampling: its body loses 40 pixels of a side (from
   * UNet.bodyOutputSize: 24 -> 0, 28 -> 4), so an input pad of 20 per side maps every side 4k
   * to itself, and the serving graph pads 13 to 16 and 21 to 24.
   */
  static UNetConfig valid() {
    return UNetConfig.builder().depth(2).baseFilters(4).padding(Padding.VALID).inputPad(20)
        .upMode(UpMode.NEAREST_CONV).upFilters(List.of(8, 4)).convBias(true).build();
  }

  /** The metadata of a tiny model ("small" preset name, only its channels and classes used). */
  static ModelMetadata metadata(Double spacing) {
    return new ModelMetadata("small", 1, spacing, List.of("RV", "MYO", "LV"), List.of(1, 2, 3),
        0);
  }

  /** A volume of seeded random intensities around 300 with the given spacing. */
  static Volume volume(int nx, int ny, int nz, int channels, double spacing, long seed) {
    Random r = new Random(seed);
    float[] d = new float[nx * ny * nz * channels];
    for (int i = 0; i < d.length; i++) {
      d[i] = 300f + 100f * (float) r.nextGaussian();
    }
    return Volume.builder().dims(nx, ny, nz, channels).data(d)
        .geometry(Geometry.ofSpacing(spacing, spacing, 5.0)).build();
  }
}
