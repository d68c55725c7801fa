package org.medcl.tools.predict;

import org.medcl.data.Volume;
import org.medcl.data.preprocess.Interpolation;
import org.medcl.data.preprocess.Resampler;
import org.medcl.data.preprocess.ZScore;
import org.medcl.savedmodels.impl.Flips;

/**
 * Predicts a whole volume slice by slice: per-volume z-score per channel, each full slice
 * resampled in-plane to the model's spacing (bilinear), inferred in batches, the probabilities
 * resampled back to the native grid (bilinear) and averaged over flips when test-time
 * augmentation is on, then the arg-max per voxel.
 *
 * <p>Slices are taken along z; a slice is row-major with rows = y and columns = x of the volume.
 * Nothing is cropped: the network sees the whole slice (the graph pads it as it needs).
 */
public final class VolumePredictor {
  private final SliceInference inference;
  private final int numClasses;
  private final Double spacing;
  private final int batchSize;
  private final boolean flipTta;

  /**
   * @param inference the network
   * @param numClasses classes of the output, background included
   * @param spacing in-plane spacing in mm the model was trained at, or null for native
   * @param batchSize slices per inference call
   * @param flipTta average with the predictions of the left-right and up-down flipped slices
   */
  public VolumePredictor(SliceInference inference, int numClasses, Double spacing, int batchSize,
      boolean flipTta) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, found " + batchSize);
    }
    this.inference = inference;
    this.numClasses = numClasses;
    this.spacing = spacing;
    this.batchSize = batchSize;
    this.flipTta = flipTta;
  }

  /** Probabilities and labels of a volume in its own grid. */
  public record Prediction(int nx, int ny, int nz, int numClasses, float[] probabilities,
      int[] labels) {
    /** Probability of class {@code c} at voxel (x, y, z); probabilities are [z][y][x][c]. */
    public float probability(int x, int y, int z, int c) {
      return probabilities[((z * ny + y) * nx + x) * numClasses + c];
    }
  }

  /** Predicts every slice of {@code image}. */
  public Prediction predict(Volume image) {
    int nx = image.nx();
    int ny = image.ny();
    int nz = image.nz();
    int ch = image.channels();
    Volume normalised = ZScore.normalize(image);
    int th = ny;
    int tw = nx;
    if (spacing != null) {
      th = Resampler.targetSize(ny, image.spacing()[1], spacing);
      tw = Resampler.targetSize(nx, image.spacing()[0], spacing);
    }
    int slicePixels = nx * ny;
    float[] probs = new float[nz * slicePixels * numClasses];
    for (int z0 = 0; z0 < nz; z0 += batchSize) {
      int n = Math.min(batchSize, nz - z0);
      float[] batch = new float[n * th * tw * ch];
      for (int i = 0; i < n; i++) {
        float[] slice = networkSlice(normalised, z0 + i, th, tw);
        System.arraycopy(slice, 0, batch, i * th * tw * ch, slice.length);
      }
      float[] p = run(batch, n, th, tw, ch);
      float[] plane = new float[th * tw];
      float[] back = new float[slicePixels];
      for (int i = 0; i < n; i++) {
        int out = (z0 + i) * slicePixels * numClasses;
        for (int c = 0; c < numClasses; c++) {
          int in = i * th * tw * numClasses + c;
          for (int k = 0; k < plane.length; k++) {
            plane[k] = p[in + k * numClasses];
          }
          if (spacing == null) {
            System.arraycopy(plane, 0, back, 0, slicePixels);
          } else {
            Resampler.resizePlane(plane, tw, th, back, nx, ny, Interpolation.LINEAR);
          }
          for (int k = 0; k < slicePixels; k++) {
            probs[out + k * numClasses + c] = back[k];
          }
        }
      }
    }
    int[] labels = new int[nz * slicePixels];
    for (int v = 0; v < labels.length; v++) {
      int best = 0;
      float bestP = probs[v * numClasses];
      for (int c = 1; c < numClasses; c++) {
        float q = probs[v * numClasses + c];
        if (q > bestP) {
          bestP = q;
          best = c;
        }
      }
      labels[v] = best;
    }
    return new Prediction(nx, ny, nz, numClasses, probs, labels);
  }

  /**
   * Slice {@code z} of a normalised volume as the network sees it: resampled in plane to
   * {@code th x tw} (bilinear, when a spacing is set) and laid out row-major HWC.
   */
  public static float[] networkSlice(Volume normalised, int z, int th, int tw) {
    int nx = normalised.nx();
    int ny = normalised.ny();
    int ch = normalised.channels();
    float[] plane = new float[nx * ny];
    float[] resized = new float[th * tw];
    float[] out = new float[th * tw * ch];
    for (int c = 0; c < ch; c++) {
      int base = (c * normalised.nz() + z) * nx * ny;
      for (int k = 0; k < plane.length; k++) {
        plane[k] = normalised.get(base + k);
      }
      float[] src = plane;
      if (th != ny || tw != nx) {
        Resampler.resizePlane(plane, nx, ny, resized, tw, th, Interpolation.LINEAR);
        src = resized;
      }
      for (int k = 0; k < th * tw; k++) {
        out[k * ch + c] = src[k];
      }
    }
    return out;
  }

  private float[] run(float[] batch, int n, int h, int w, int ch) {
    float[] p = inference.probabilities(batch, n, h, w);
    if (!flipTta) {
      return p;
    }
    for (int mode = 1; mode <= 2; mode++) {
      float[] flipped = flip(batch, n, h, w, ch, mode);
      float[] q = flip(inference.probabilities(flipped, n, h, w), n, h, w, numClasses, mode);
      for (int i = 0; i < p.length; i++) {
        p[i] += q[i];
      }
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= 3f;
    }
    return p;
  }

  /** Flips NHWC data left-right (mode 1) or up-down (mode 2); its own inverse. */
  static float[] flip(float[] data, int n, int h, int w, int ch, int mode) {
    return Flips.flip(data, n, h, w, ch, mode);
  }
}
