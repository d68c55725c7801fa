package org.medcl.graphs;

import java.util.SplittableRandom;
import org.medcl.ops.mixing.MixingConfig;
import org.medcl.ops.mixing.MixingDraws;

/**
 * Seeded synthetic step inputs for tests (not a test class): a bright disc per slice on noise,
 * scribbles as a few labelled rows (background, classes 1..m), the last slice unlabelled.
 */
public final class SyntheticBatch {
  private SyntheticBatch() {}

  /** Feeds for {@code config} drawn from {@code seed}. */
  public static StepFeeds feeds(StepConfig config, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int b = config.batch();
    int h = config.height();
    int w = config.width();
    int c = config.channels();
    int k = config.numClasses() + 1;
    float[] images = new float[b * h * w * c];
    float[] targets = new float[b * h * w * k];
    float[] known = new float[b];
    for (int s = 0; s < b; s++) {
      boolean labelled = s < b - 1 || b == 1;
      known[s] = labelled ? 1f : 0f;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double dy = y - h / 2.0;
          double dx = x - w / 2.0;
          double rad = Math.sqrt(dy * dy + dx * dx) / (Math.min(h, w) / 2.0);
          int label = rad < 0.25 ? 3 : rad < 0.45 ? 2 : rad < 0.6 ? 1 : 0;
          label = Math.min(label, k - 1);
          int px = (s * h + y) * w + x;
          for (int ch = 0; ch < c; ch++) {
            images[px * c + ch] = (float) (label * 0.3 + 0.2 * r.nextDouble());
          }
          if (labelled && (y % 5 == 2 || x == w / 2)) {
            targets[px * k + label] = 1f;
          }
        }
      }
    }
    MixingDraws draws = MixingDraws.draw(MixingConfig.defaults(), 2 * b, h, w, r);
    return StepFeeds.of(images, targets, known, draws);
  }
}
