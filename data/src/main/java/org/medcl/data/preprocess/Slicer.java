package org.medcl.data.preprocess;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.medcl.data.Volume;
import org.medcl.data.dataset.CaseRef;
import org.medcl.data.dataset.Dataset;
import org.medcl.data.dataset.DatasetDescriptor;
import org.medcl.data.dataset.LabeledCase;

/**
 * Turns volumes into 2D slices along z: per-volume z-score of each channel (statistics over
 * the whole source volume), optional in-plane resampling to a target spacing (bilinear for
 * images, nearest for labels), then a centred pad or crop to the configured size (training) or
 * a pad to cover the whole grid (prediction, {@link #fullExtent}).
 *
 * <p>Padding: image pixels are 0 (the mean after z-score); label pixels get the descriptor's
 * unannotated value when it has one (padding is never supervised), else its background value.
 */
public final class Slicer {
  private final SliceConfig config;

  /** A slicer with the given settings. */
  public Slicer(SliceConfig config) {
    this.config = config;
  }

  /** A slicer with {@link SliceConfig#DEFAULT} (212 x 212, no resampling). */
  public Slicer() {
    this(SliceConfig.DEFAULT);
  }

  /** The settings. */
  public SliceConfig config() {
    return config;
  }

  /**
   * Loads and slices every case of a split with a pool of {@code threads} workers (inflating
   * the gzip stream is the cost, so one worker per core is enough).
   *
   * @return one prepared case per case, in the split's order
   * @throws IOException the first load failure, naming its file
   */
  public List<PreparedCase> sliceSplit(Dataset d, String split, int threads)
      throws IOException {
    return sliceCases(d, d.cases(split), threads);
  }

  /** As {@link #sliceSplit} for a given list of cases. */
  public List<PreparedCase> sliceCases(Dataset d, List<CaseRef> cases, int threads)
      throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads " + threads + ", expected >= 1");
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "medcl-slicer");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<PreparedCase>> futures = new ArrayList<>();
      for (CaseRef c : cases) {
        futures.add(pool.submit(() -> slices(d.load(c), d.descriptor())));
      }
      List<PreparedCase> out = new ArrayList<>(cases.size());
      for (Future<PreparedCase> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while loading slices", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IOException("loading slices failed: " + cause, cause);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Training slices of a loaded case (labels included when the case has them). */
  public PreparedCase slices(LabeledCase c, DatasetDescriptor descriptor) {
    Volume image = c.image();
    Volume label = c.label();
    SliceGeometry g = grid(image, config.height(), config.width(), 0);
    return cut(c.id(), image, label, padLabel(descriptor), g);
  }

  /**
   * Slices covering the whole in-plane extent (after resampling if configured), z-scored,
   * padded to a multiple of {@code multiple} (1 for none) and never cropped: for prediction.
   */
  public PreparedCase fullExtent(String caseId, Volume image, int multiple) {
    SliceGeometry g = grid(image, 0, 0, multiple);
    return cut(caseId, image, null, 0, g);
  }

  private SliceGeometry grid(Volume image, int height, int width, int multiple) {
    int gx = image.nx();
    int gy = image.ny();
    if (config.resamples()) {
      double[] sp = image.spacing();
      gx = Resampler.targetSize(image.nx(), sp[0], config.targetSpacingMm());
      gy = Resampler.targetSize(image.ny(), sp[1], config.targetSpacingMm());
    }
    if (multiple > 0) {
      return SliceGeometry.fullExtent(image.nx(), image.ny(), gx, gy, multiple);
    }
    return SliceGeometry.centred(image.nx(), image.ny(), gx, gy, height, width);
  }

  private static int padLabel(DatasetDescriptor d) {
    return d.unannotatedValue().orElse(d.backgroundValue());
  }

  private PreparedCase cut(String id, Volume image, Volume label, int padLabel,
      SliceGeometry g) {
    ZScore.Stats[] stats = ZScore.stats(image);
    Volume img = image;
    Volume lab = label;
    if (g.resampled()) {
      img = Resampler.resizeInPlane(image, g.gridNx(), g.gridNy(), Interpolation.LINEAR);
      if (label != null) {
        lab = Resampler.resizeInPlane(label, g.gridNx(), g.gridNy(), Interpolation.NEAREST);
      }
    }
    int h = g.height();
    int w = g.width();
    int ch = img.channels();
    int gx = g.gridNx();
    int gy = g.gridNy();
    // column range of the slice that lies on the grid
    int c0 = Math.max(0, -g.offsetX());
    int c1 = Math.min(w, gx - g.offsetX());
    List<Slice2D> out = new ArrayList<>(img.nz());
    for (int z = 0; z < img.nz(); z++) {
      float[] pix = new float[h * w * ch];
      byte[] labels = null;
      if (lab != null) {
        labels = new byte[h * w];
        Arrays.fill(labels, (byte) padLabel);
      }
      for (int r = 0; r < h; r++) {
        int y = r + g.offsetY();
        if (y < 0 || y >= gy) {
          continue;
        }
        for (int k = 0; k < ch; k++) {
          ZScore.Stats s = stats[k];
          int base = img.index(g.offsetX(), y, z, k);
          for (int c = c0; c < c1; c++) {
            pix[(r * w + c) * ch + k] = s.apply(img.get(base + c));
          }
        }
        if (labels != null) {
          int base = lab.index(g.offsetX(), y, z, 0);
          for (int c = c0; c < c1; c++) {
            labels[r * w + c] = (byte) (int) lab.get(base + c);
          }
        }
      }
      out.add(new Slice2D(id, z, h, w, ch, pix, labels));
    }
    return new PreparedCase(id, out, g, image.nz(), image.geometry(),
        image.source().orElse(null));
  }
}
