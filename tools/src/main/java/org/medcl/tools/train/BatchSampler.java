package org.medcl.tools.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws training batches of fixed-size crops.
 *
 * <p>An epoch draws every training slice {@code amplification} times as an anchor, in a seeded
 * shuffled order. When unlabelled slices exist, each batch holds {@code batch} labelled slices
 * plus {@code round(batch x unlabeledRatio)} unlabelled ones (METHOD.md section 7: the
 * supervised terms see as many slices per step as without unlabelled data): the epoch length
 * follows the larger of the two pools and the smaller one is recycled with a fresh shuffle.
 *
 * <p>Crops: a {@code size x size} window, zero-padded where the slice is smaller. A fraction
 * {@code randomCrops} of them is placed uniformly over the slice (the window inside the slice
 * where it fits), so that the network also learns what lies far from the heart; the others are
 * centred, for a labelled slice, on the centre of its annotated foreground pixels, jittered by
 * up to a quarter of the size each way, and otherwise (no foreground scribble, or unlabelled)
 * on the slice centre with the same jitter. Prediction always covers the whole slice.
 */
public final class BatchSampler {
  /** Pixel value of the padding of labels (unannotated, never background). */
  private final int unannotated;

  private final List<TrainSlice> labeled;
  private final List<TrainSlice> unlabeled;
  private final int batch;
  private final int size;
  private final double randomCrops;
  private final int numLabeledPerBatch;
  private final int stepsPerEpoch;
  private final long seed;
  private final int[] labeledCentre;
  /** The last permutation drawn per pool (index 1 labelled, 2 unlabelled) and its seed key. */
  private final long[] cachedKey = new long[3];
  private final int[][] cachedOrder = new int[3][];

  /**
   * @param slices all training slices, labelled and unlabelled
   * @param labeledPerBatch labelled slices per batch
   * @param size crop side
   * @param amplification draws of each slice per epoch
   * @param unlabeledRatio unlabelled slices added per labelled slice when both kinds exist
   * @param randomCrops fraction of crops placed uniformly over the slice, in [0, 1]
   * @param unannotated the label value meaning no supervision
   * @param seed seed of the shuffles and crops
   */
  public BatchSampler(List<TrainSlice> slices, int labeledPerBatch, int size, int amplification,
      double unlabeledRatio, double randomCrops, int unannotated, long seed) {
    if (slices.isEmpty()) {
      throw new IllegalArgumentException("no training slices");
    }
    this.labeled = slices.stream().filter(TrainSlice::labeled).toList();
    this.unlabeled = slices.stream().filter(s -> !s.labeled()).toList();
    if (labeled.isEmpty()) {
      throw new IllegalArgumentException("no labelled training slice: at least one case must "
          + "keep its scribbles");
    }
    if (labeledPerBatch < 1) {
      throw new IllegalArgumentException("labelled slices per batch must be >= 1, found "
          + labeledPerBatch);
    }
    if (!(randomCrops >= 0 && randomCrops <= 1)) {
      throw new IllegalArgumentException("randomCrops must be in [0, 1], found " + randomCrops);
    }
    this.size = size;
    this.unannotated = unannotated;
    this.seed = seed;
    this.randomCrops = randomCrops;
    numLabeledPerBatch = labeledPerBatch;
    int numUnlabeledPerBatch = unlabeled.isEmpty() ? 0
        : Math.max(1, (int) Math.round(labeledPerBatch * unlabeledRatio));
    this.batch = numLabeledPerBatch + numUnlabeledPerBatch;
    int stepsLabeled = ceilDiv(labeled.size() * amplification, numLabeledPerBatch);
    int stepsUnlabeled = numUnlabeledPerBatch == 0 ? 0
        : ceilDiv(unlabeled.size() * amplification, numUnlabeledPerBatch);
    this.stepsPerEpoch = Math.max(stepsLabeled, stepsUnlabeled);
    this.labeledCentre = new int[labeled.size() * 2];
    for (int i = 0; i < labeled.size(); i++) {
      foregroundCentre(labeled.get(i), labeledCentre, 2 * i);
    }
  }

  /** Steps in one epoch. */
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /** Slices per batch, labelled and unlabelled: the batch size of the step graph. */
  public int batchSize() {
    return batch;
  }

  /** Labelled slices per batch. */
  public int labeledPerBatch() {
    return numLabeledPerBatch;
  }

  /** The pools' sizes, for the log. */
  public String describe() {
    return "labeled_slices=" + labeled.size() + " unlabeled_slices=" + unlabeled.size()
        + " batch=" + batch + " labeled_per_batch=" + numLabeledPerBatch
        + " steps_per_epoch=" + stepsPerEpoch;
  }

  /**
   * The crops of one step, labelled first. A pure function of the seed and the step, so a
   * resumed run draws exactly the batches the interrupted one would have drawn.
   */
  public List<Crop> batch(long step) {
    long epoch = step / stepsPerEpoch;
    long inEpoch = step % stepsPerEpoch;
    SplittableRandom cropRandom = new SplittableRandom(mix(seed, 0x5bd1e995L, step));
    List<Crop> out = new ArrayList<>(batch);
    for (int i = 0; i < numLabeledPerBatch; i++) {
      int k = pick(labeled.size(), epoch, 1, inEpoch * numLabeledPerBatch + i);
      out.add(crop(labeled.get(k), labeledCentre[2 * k], labeledCentre[2 * k + 1], cropRandom));
    }
    int numUnlabeled = batch - numLabeledPerBatch;
    for (int i = 0; i < numUnlabeled; i++) {
      TrainSlice s = unlabeled.get(pick(unlabeled.size(), epoch, 2, inEpoch * numUnlabeled + i));
      out.add(crop(s, s.height() / 2, s.width() / 2, cropRandom));
    }
    return out;
  }

  /** Element {@code index} of the epoch's sequence of fresh permutations of {@code 0..n-1}. */
  private int pick(int n, long epoch, int pool, long index) {
    long round = index / n;
    int at = (int) (index % n);
    long key = mix(seed, epoch * 4 + pool, round);
    // A batch picks several elements of the same permutation: shuffle once per key.
    if (cachedKey[pool] == key && cachedOrder[pool] != null) {
      return cachedOrder[pool][at];
    }
    SplittableRandom r = new SplittableRandom(key);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    cachedKey[pool] = key;
    cachedOrder[pool] = order;
    return order[at];
  }

  /** Derives a seed from a base seed and two counters. */
  static long mix(long seed, long a, long b) {
    long h = seed * 0x9E3779B97F4A7C15L + a;
    h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + b;
    return h ^ (h >>> 29);
  }

  private Crop crop(TrainSlice s, int cy, int cx, SplittableRandom random) {
    int jitter = Math.max(1, size / 4);
    // one draw per crop decides where it goes; the jitter is drawn either way
    boolean anywhere = random.nextDouble() < randomCrops;
    int y0 = cy + random.nextInt(-jitter, jitter + 1) - size / 2;
    int x0 = cx + random.nextInt(-jitter, jitter + 1) - size / 2;
    if (anywhere) {
      y0 = anywhere(s.height(), random);
      x0 = anywhere(s.width(), random);
    }
    int c = s.channels();
    float[] image = new float[size * size * c];
    byte[] labels = s.labeled() ? new byte[size * size] : null;
    if (labels != null) {
      java.util.Arrays.fill(labels, (byte) unannotated);
    }
    for (int y = 0; y < size; y++) {
      int sy = y0 + y;
      if (sy < 0 || sy >= s.height()) {
        continue;
      }
      for (int x = 0; x < size; x++) {
        int sx = x0 + x;
        if (sx < 0 || sx >= s.width()) {
          continue;
        }
        int src = sy * s.width() + sx;
        System.arraycopy(s.image(), src * c, image, (y * size + x) * c, c);
        if (labels != null) {
          labels[y * size + x] = s.labels()[src];
        }
      }
    }
    return new Crop(s, image, labels);
  }

  /** A uniform window origin along a side of {@code n}: inside it where the window fits. */
  private int anywhere(int n, SplittableRandom random) {
    return n > size ? random.nextInt(n - size + 1) : (n - size) / 2;
  }

  private void foregroundCentre(TrainSlice s, int[] out, int at) {
    long sy = 0;
    long sx = 0;
    long n = 0;
    byte[] l = s.labels();
    for (int y = 0; y < s.height(); y++) {
      for (int x = 0; x < s.width(); x++) {
        int v = l[y * s.width() + x];
        if (v > 0 && v != unannotated) {
          sy += y;
          sx += x;
          n++;
        }
      }
    }
    out[at] = n == 0 ? s.height() / 2 : (int) (sy / n);
    out[at + 1] = n == 0 ? s.width() / 2 : (int) (sx / n);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /**
   * One crop of a batch.
   *
   * @param source the slice it was cut from
   * @param image HWC intensities, size x size
   * @param labels HW raw labels (padding unannotated), or null when unlabelled
   */
  public record Crop(TrainSlice source, float[] image, byte[] labels) {}
}
