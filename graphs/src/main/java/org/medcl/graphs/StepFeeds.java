package org.medcl.graphs;

import org.medcl.ops.mixing.MixingDraws;

/**
 * The Java-side inputs of one training step, as flat row-major float arrays (NHWC).
 *
 * <p>Views: rows {@code 0..B-1} of the mixing draws make the first views of slices
 * {@code 0..B-1}, rows {@code B..2B-1} the second views; inter-mixed image {@code i} pairs view
 * {@code i} with view {@code 2B-1-i} using {@code beta[i]}.
 *
 * @param images {@code [B, h, w, c]}
 * @param targets soft one-hot {@code [B, h, w, m + 1]}, all-zero where unannotated and for
 *     unlabelled slices
 * @param known {@code [B]}, 1 for slices whose classes are known (labelled), else 0
 * @param theta {@code [2B]} rotation angles in radians
 * @param boxes {@code [2B, 4]} kept boxes {@code (y0, x0, y1, x1)}, upper bounds exclusive
 * @param betaPrime {@code [2B]} intra-mix weights
 * @param beta {@code [2B]} inter-mix weights
 */
public record StepFeeds(float[] images, float[] targets, float[] known, float[] theta,
    float[] boxes, float[] betaPrime, float[] beta) {

  /** Checks that no array is missing (sizes are checked against a graph by {@link #check}). */
  public StepFeeds {
    if (images == null || targets == null || known == null || theta == null || boxes == null
        || betaPrime == null || beta == null) {
      throw new IllegalArgumentException("every feed array must be set");
    }
  }

  /** Feeds with the mixing parameters of {@code draws} (drawn for 2B images). */
  public static StepFeeds of(float[] images, float[] targets, float[] known,
      MixingDraws draws) {
    return new StepFeeds(images, targets, known, draws.thetaFloats(), draws.boxFloats(),
        draws.betaPrimeFloats(), draws.betaFloats());
  }

  /** Throws if an array's length does not fit {@code config}. */
  public void check(StepConfig config) {
    int b = config.batch();
    long pixels = (long) b * config.height() * config.width();
    expect("images", images.length, pixels * config.channels(), "B*h*w*c");
    expect("targets", targets.length, pixels * (config.numClasses() + 1), "B*h*w*(m+1)");
    expect("known", known.length, b, "B");
    expect("theta", theta.length, 2L * b, "2B");
    expect("boxes", boxes.length, 8L * b, "2B*4");
    expect("betaPrime", betaPrime.length, 2L * b, "2B");
    expect("beta", beta.length, 2L * b, "2B");
  }

  private static void expect(String name, long found, long expected, String formula) {
    if (found != expected) {
      throw new IllegalArgumentException("expected " + expected + " values (" + formula
          + ") in " + name + ", found " + found);
    }
  }
}
