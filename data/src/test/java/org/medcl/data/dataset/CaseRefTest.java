package org.medcl.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseRefTest {
  @Test
  void labelWithKindNone_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CaseRef("a", List.of(Path.of("a.nii")), Path.of("l.nii"), LabelKind.NONE));
    assertEquals("case a has label l.nii of kind NONE, expected a label file exactly when the "
        + "kind is not NONE", e.getMessage());
  }

  @Test
  void noImage_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CaseRef.unlabelled("a", List.of()));
    assertEquals("case a has no image file, expected >= 1", e.getMessage());
  }
}
