package org.medcl.tools.train;

import java.io.IOException;
import java.util.ArrayList;
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
import org.medcl.data.preprocess.Resampler;
import org.medcl.data.preprocess.ZScore;
import org.medcl.tools.predict.VolumePredictor;

/**
 * Loads cases and turns them into training slices: per-volume z-score, slices along z at their
 * full in-plane extent, resampled to the training spacing (bilinear for images, nearest for
 * labels), labels mapped from the dataset's values to class indices (0 = background, 1..m) with
 * {@link #UNANNOTATED} for unannotated pixels.
 */
public final class TrainingData {
  /** Class-index value of unannotated pixels in training slices. */
  public static final int UNANNOTATED = -1;

  private TrainingData() {}

  /** Loads cases in parallel, in the order given. */
  public static List<LabeledCase> load(Dataset dataset, List<CaseRef> refs, int threads)
      throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<LabeledCase>> futures = new ArrayList<>();
      for (CaseRef r : refs) {
        futures.add(pool.submit(() -> dataset.load(r)));
      }
      List<LabeledCase> out = new ArrayList<>();
      for (Future<LabeledCase> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("loading a case failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while loading cases", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The slices of one case.
   *
   * @param c the case
   * @param descriptor class values and the unannotated value
   * @param spacing training in-plane spacing in mm, or null for native
   * @param keepLabels false to use the case without labels
   */
  public static List<TrainSlice> slices(LabeledCase c, DatasetDescriptor descriptor,
      Double spacing, boolean keepLabels) {
    Volume image = c.image();
    int nx = image.nx();
    int ny = image.ny();
    Volume normalised = ZScore.normalize(image);
    int th = spacing == null ? ny : Resampler.targetSize(ny, image.spacing()[1], spacing);
    int tw = spacing == null ? nx : Resampler.targetSize(nx, image.spacing()[0], spacing);
    int ch = image.channels();
    int[] table = descriptor.classIndexTable();
    int unannotated = descriptor.unannotatedValue().orElse(Integer.MIN_VALUE);
    Volume label = keepLabels ? c.labelVolume().orElse(null) : null;
    int plane = nx * ny;
    List<TrainSlice> out = new ArrayList<>();
    for (int s = 0; s < image.nz(); s++) {
      float[] img = VolumePredictor.networkSlice(normalised, s, th, tw);
      byte[] lab = null;
      if (label != null) {
        int[] idx = new int[plane];
        for (int i = 0; i < plane; i++) {
          int v = Math.round(label.get(s * plane + i));
          idx[i] = v == unannotated ? UNANNOTATED : table[v];
        }
        if (th != ny || tw != nx) {
          idx = Resampler.resizeNearest(idx, nx, ny, tw, th);
        }
        lab = new byte[idx.length];
        for (int i = 0; i < idx.length; i++) {
          lab[i] = (byte) idx[i];
        }
      }
      out.add(new TrainSlice(c.id(), s, th, tw, ch, img, lab));
    }
    return out;
  }
}
