package org.medcl.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Small synthetic volumes and file helpers for the data tests. */
public final class TestVolumes {
  private TestVolumes() {
  }

  /** A volume whose voxel (x, y, z, c) holds {@code 1000 c + 100 z + 10 y + x}. */
  public static Volume coded(int nx, int ny, int nz, int channels, Geometry g) {
    float[] d = new float[nx * ny * nz * channels];
    int i = 0;
    for (int c = 0; c < channels; c++) {
      for (int z = 0; z < nz; z++) {
        for (int y = 0; y < ny; y++) {
          for (int x = 0; x < nx; x++) {
            d[i++] = 1000 * c + 100 * z + 10 * y + x;
          }
        }
      }
    }
    return Volume.builder().dims(nx, ny, nz, channels).data(d).geometry(g).build();
  }

  /** A single-channel volume with the given values and spacing. */
  public static Volume of(int nx, int ny, int nz, double[] spacing, float... values) {
    return Volume.builder().dims(nx, ny, nz).data(values)
        .geometry(Geometry.ofSpacing(spacing[0], spacing[1], spacing[2])).build();
  }

  /** A volume filled with one value. */
  public static Volume filled(int nx, int ny, int nz, double[] spacing, float value) {
    float[] d = new float[nx * ny * nz];
    java.util.Arrays.fill(d, value);
    return of(nx, ny, nz, spacing, d);
  }

  /** A non-trivial geometry: rotated qform, sform with code 1, units mm+s. */
  public static Geometry oblique() {
    double[] pixdim = {-1, 0.75, 0.8, 5, 1, 0, 0, 0};
    double[] quatern = {0.1, -0.2, 0.3};
    double[] qoffset = {12.5, -30.25, 7};
    double[][] srow = {{-0.7, 0.1, 0.2, 12.5}, {0.05, 0.75, -0.3, -30.25}, {0.1, 0.2, 4.9, 7}};
    return new Geometry(pixdim, 1, 1, quatern, qoffset, srow, Geometry.UNITS_MM_SEC);
  }

  /** Gzip-compresses bytes into a file. */
  public static void gzip(byte[] bytes, Path out) throws IOException {
    try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(out))) {
      os.write(bytes);
    }
  }

  /** Files left in a folder (to check no partial output). */
  public static long fileCount(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.count();
    }
  }
}
