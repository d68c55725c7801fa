package org.medcl.graphs;

/**
 * Adam's constants; the learning rate is fed per step (see {@link MedclStepGraph#step}).
 *
 * @param beta1 first-moment decay
 * @param beta2 second-moment decay
 * @param epsilon denominator epsilon
 */
public record AdamSettings(float beta1, float beta2, float epsilon) {

  /** Default first-moment decay. */
  public static final float DEFAULT_BETA1 = 0.9f;
  /** Default second-moment decay. */
  public static final float DEFAULT_BETA2 = 0.999f;
  /** Default epsilon (PyTorch's default). */
  public static final float DEFAULT_EPSILON = 1e-8f;

  /** Validates the constants. */
  public AdamSettings {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("Adam betas must be in [0, 1), found " + beta1 + ", "
          + beta2);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("Adam epsilon must be positive, found " + epsilon);
    }
  }

  /** beta1 0.9, beta2 0.999, epsilon 1e-8. */
  public static AdamSettings defaults() {
    return new AdamSettings(DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
  }
}
