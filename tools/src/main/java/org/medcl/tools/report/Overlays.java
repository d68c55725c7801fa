package org.medcl.tools.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PNG overlays of label volumes on their image: a few axial slices side by side, the image in
 * grey, predicted labels filled in colour, and optionally the ground-truth outlines.
 *
 * <p>Volumes are in NIfTI order (x fastest: index {@code x + nx * (y + ny * z)}). Each panel is
 * one slice at native size, {@code nx} pixels wide and {@code ny} high, with image column x =
 * NIfTI x and image row r = NIfTI y {@code ny - 1 - r} (NIfTI y grows upwards, image rows grow
 * downwards). The PNG is {@code k * nx} by {@code ny} pixels for k slices.
 *
 * <ul>
 *   <li>Grey levels: the image is windowed between its 1st and 99th percentile (over the whole
 *       volume) and mapped to 0..255.
 *   <li>Predicted labels: blended over the grey with opacity {@link #DEFAULT_OPACITY}, one colour
 *       per label value ({@link #colour}).
 *   <li>Ground truth: the outline of each label, i.e. its pixels with a 4-neighbour of another
 *       value in the slice, drawn opaque in the label's colour lightened halfway to white.
 *   <li>Slices: {@code k = min(count, nz)} slices spread evenly over the slices holding any
 *       predicted or ground-truth foreground (all slices when fewer than k hold any).
 * </ul>
 *
 * <p>TODO: pixels are drawn square, so a volume whose x and y spacings differ looks stretched;
 * resample each slice to square pixels before drawing to fix it (MSCMR's in-plane spacing is
 * equal along x and y, so it is not affected).
 */
public final class Overlays {
  /** Default number of slices per case. */
  public static final int DEFAULT_SLICES = 3;

  /** Default opacity of the predicted labels. */
  public static final double DEFAULT_OPACITY = 0.45;

  private static final int[][] PALETTE = {
    {230, 60, 60}, {60, 200, 60}, {60, 120, 255}, {240, 220, 40}, {220, 60, 220}, {40, 220, 220}
  };

  private final int slices;
  private final double opacity;

  /**
   * Overlays of {@code slices} slices per case with the given label opacity.
   *
   * @param slices at least 1
   * @param opacity in [0, 1]
   */
  public Overlays(int slices, double opacity) {
    if (slices < 1) {
      throw new IllegalArgumentException("expected at least 1 slice, found " + slices);
    }
    if (!(opacity >= 0 && opacity <= 1)) {
      throw new IllegalArgumentException("expected an opacity in [0, 1], found " + opacity);
    }
    this.slices = slices;
    this.opacity = opacity;
  }

  /** Overlays with {@link #DEFAULT_SLICES} slices and {@link #DEFAULT_OPACITY}. */
  public Overlays() {
    this(DEFAULT_SLICES, DEFAULT_OPACITY);
  }

  /**
   * One case to draw.
   *
   * @param image intensities, {@code nx * ny * nz} values
   * @param prediction predicted labels, same size; 0 is background and is not drawn
   * @param truth ground-truth labels of the same size, or {@code null} for none
   */
  public record Case(float[] image, int[] prediction, int[] truth, int nx, int ny, int nz) {
    /** Checks that every array has {@code nx * ny * nz} values. */
    public Case {
      if (nx < 1 || ny < 1 || nz < 1) {
        throw new IllegalArgumentException(
            "expected positive dimensions, found " + nx + " x " + ny + " x " + nz);
      }
      long n = (long) nx * ny * nz;
      check("image", image == null ? -1 : image.length, n);
      check("prediction", prediction == null ? -1 : prediction.length, n);
      if (truth != null) {
        check("ground truth", truth.length, n);
      }
    }

    private static void check(String what, int length, long n) {
      if (length != n) {
        throw new IllegalArgumentException("expected " + what + " of " + n + " voxels, found "
            + (length < 0 ? "null" : String.valueOf(length)));
      }
    }
  }

  /** The RGB colour (0xRRGGBB) of a label value; values beyond the palette repeat it. */
  public static int colour(int label) {
    int[] c = PALETTE[Math.floorMod(label - 1, PALETTE.length)];
    return (c[0] << 16) | (c[1] << 8) | c[2];
  }

  /** The slices drawn for {@code c}, ascending. */
  public int[] chooseSlices(Case c) {
    int plane = c.nx() * c.ny();
    List<Integer> withForeground = new ArrayList<>();
    for (int z = 0; z < c.nz(); z++) {
      boolean any = false;
      for (int i = z * plane; i < (z + 1) * plane && !any; i++) {
        any = c.prediction()[i] != 0 || (c.truth() != null && c.truth()[i] != 0);
      }
      if (any) {
        withForeground.add(z);
      }
    }
    int k = Math.min(slices, c.nz());
    List<Integer> pool = withForeground;
    if (pool.size() < k) {
      pool = new ArrayList<>();
      for (int z = 0; z < c.nz(); z++) {
        pool.add(z);
      }
    }
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      int rank = k == 1 ? (pool.size() - 1) / 2
          : (int) Math.round(i * (pool.size() - 1) / (double) (k - 1));
      out[i] = pool.get(rank);
    }
    return out;
  }

  /** Draws the chosen slices of {@code c} side by side. */
  public BufferedImage render(Case c) {
    int[] zs = chooseSlices(c);
    int nx = c.nx();
    int ny = c.ny();
    int plane = nx * ny;
    float[] window = window(c.image());
    BufferedImage out = new BufferedImage(zs.length * nx, ny, BufferedImage.TYPE_INT_RGB);
    for (int p = 0; p < zs.length; p++) {
      int base = zs[p] * plane;
      for (int y = 0; y < ny; y++) {
        int row = ny - 1 - y;
        for (int x = 0; x < nx; x++) {
          int i = base + x + nx * y;
          int g = grey(c.image()[i], window);
          int r = g;
          int gr = g;
          int b = g;
          int label = c.prediction()[i];
          if (label != 0) {
            int col = colour(label);
            r = blend(g, (col >> 16) & 0xFF);
            gr = blend(g, (col >> 8) & 0xFF);
            b = blend(g, col & 0xFF);
          }
          if (c.truth() != null && isOutline(c.truth(), base, x, y, nx, ny)) {
            int col = colour(c.truth()[i]);
            r = (((col >> 16) & 0xFF) + 255) / 2;
            gr = (((col >> 8) & 0xFF) + 255) / 2;
            b = ((col & 0xFF) + 255) / 2;
          }
          out.setRGB(p * nx + x, row, (r << 16) | (gr << 8) | b);
        }
      }
    }
    return out;
  }

  /** Renders {@code c} and writes the PNG through a temporary sibling and a rename. */
  public void write(Path png, Case c) throws IOException {
    TrainingPlot.writePng(render(c), png);
  }

  private int blend(int grey, int colour) {
    return (int) Math.round((1 - opacity) * grey + opacity * colour);
  }

  private static boolean isOutline(int[] truth, int base, int x, int y, int nx, int ny) {
    int i = base + x + nx * y;
    int v = truth[i];
    if (v == 0) {
      return false;
    }
    return (x > 0 && truth[i - 1] != v) || (x < nx - 1 && truth[i + 1] != v)
        || (y > 0 && truth[i - nx] != v) || (y < ny - 1 && truth[i + nx] != v);
  }

  /** The 1st and 99th percentiles of the finite values, from a sample of at most 1e6. */
  private static float[] window(float[] image) {
    int step = Math.max(1, image.length / 1_000_000);
    float[] sample = new float[(image.length + step - 1) / step];
    int n = 0;
    for (int i = 0; i < image.length; i += step) {
      if (Float.isFinite(image[i])) {
        sample[n++] = image[i];
      }
    }
    if (n == 0) {
      return new float[] {0f, 1f};
    }
    float[] s = Arrays.copyOf(sample, n);
    Arrays.sort(s);
    float lo = s[(int) Math.floor(0.01 * (n - 1))];
    float hi = s[(int) Math.ceil(0.99 * (n - 1))];
    return new float[] {lo, hi};
  }

  private static int grey(float v, float[] window) {
    if (!Float.isFinite(v)) {
      return 0;
    }
    float span = window[1] - window[0];
    if (span <= 0) {
      return v > window[0] ? 255 : 0;
    }
    double t = (v - window[0]) / span;
    return (int) Math.round(255 * Math.max(0, Math.min(1, t)));
  }
}
