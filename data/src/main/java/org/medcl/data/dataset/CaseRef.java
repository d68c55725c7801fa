package org.medcl.data.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One case of a dataset: its subject id, one image file per channel (in channel order) and its
 * label file with the kind of label, or no label.
 *
 * @param id the subject or case id, e.g. {@code subject13}
 * @param images the image files, one per channel (a single file may also hold all channels)
 * @param label the label file, or null when {@code kind} is {@link LabelKind#NONE}
 * @param kind what the label holds
 */
public record CaseRef(String id, List<Path> images, Path label, LabelKind kind) {
  /** Validates and copies. */
  public CaseRef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    images = List.copyOf(images);
    if (images.isEmpty()) {
      throw new IllegalArgumentException("case " + id + " has no image file, expected >= 1");
    }
    if ((label == null) != (kind == LabelKind.NONE)) {
      throw new IllegalArgumentException("case " + id + " has label " + label + " of kind "
          + kind + ", expected a label file exactly when the kind is not NONE");
    }
  }

  /** An unlabelled case. */
  public static CaseRef unlabelled(String id, List<Path> images) {
    return new CaseRef(id, images, null, LabelKind.NONE);
  }

  /** The label file, if any. */
  public Optional<Path> labelFile() {
    return Optional.ofNullable(label);
  }

  /** Whether the case has a label. */
  public boolean hasLabel() {
    return label != null;
  }
}
