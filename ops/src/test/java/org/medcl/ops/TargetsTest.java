package org.medcl.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TargetsTest {

  @Test
  void labels_becomeOneHotWithZeroChannelsWhereUnannotated() {
    // MSCMR: classes 0..3, 4 unannotated. Pixels: 0 (background), 4, 2 (MYO), 3 (LV).
    float[] t = Targets.oneHot(new byte[] {0, 4, 2, 3}, 4, 4);
    assertArrayEquals(new float[] {
        1, 0, 0, 0,
        0, 0, 0, 0,
        0, 0, 1, 0,
        0, 0, 0, 1}, t);
  }

  @Test
  void weights_areTheSumOfChannels() {
    float[] t = {1, 0, 0, 0, 0, 0, 0.25f, 0.5f, 0, 0, 0, 0};
    assertArrayEquals(new float[] {1f, 0.75f, 0f}, Targets.weights(t, 4));
  }

  @Test
  void labelOutsideClassesAndUnannotated_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Targets.oneHot(new byte[] {0, 5}, 4, 4));
    assertEquals("expected labels in 0..3 or the unannotated value 4, found 5 at pixel 1",
        e.getMessage());
  }

  @Test
  void unannotatedValueThatIsAClass_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Targets.oneHot(new byte[] {0}, 4, 2));
    assertEquals("expected an unannotated value outside the classes 0..3, found 2",
        e.getMessage());
  }

  @Test
  void weightsOfRaggedLength_areRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Targets.weights(new float[5], 4));
    assertEquals("expected a length that is a multiple of 4 classes, found 5", e.getMessage());
  }
}
