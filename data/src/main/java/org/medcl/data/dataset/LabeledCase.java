package org.medcl.data.dataset;

import java.util.Objects;
import java.util.Optional;
import org.medcl.data.Volume;

/**
 * A loaded case: its image (all channels) and, when it has one, its label volume, checked to
 * have the image's shape and spacing and only values of the dataset descriptor.
 *
 * @param ref the case
 * @param image the image, one channel per descriptor channel
 * @param label the label volume (raw values), or null for an unlabelled case
 */
public record LabeledCase(CaseRef ref, Volume image, Volume label) {
  /** Validates. */
  public LabeledCase {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(image, "image");
  }

  /** The case id. */
  public String id() {
    return ref.id();
  }

  /** The label volume, if any. */
  public Optional<Volume> labelVolume() {
    return Optional.ofNullable(label);
  }

  /** Whether a label volume is present. */
  public boolean hasLabel() {
    return label != null;
  }
}
