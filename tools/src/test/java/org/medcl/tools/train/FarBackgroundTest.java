package org.medcl.tools.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FarBackgroundTest {
  private static final byte U = (byte) TrainingData.UNANNOTATED;

  /** An unannotated h x w slice with the given (y, x, label) scribbles. */
  private static TrainSlice slice(int h, int w, int... scribbles) {
    byte[] labels = new byte[h * w];
    Arrays.fill(labels, U);
    for (int k = 0; k < scribbles.length; k += 3) {
      labels[scribbles[k] * w + scribbles[k + 1]] = (byte) scribbles[k + 2];
    }
    return new TrainSlice("s", 0, h, w, 1, new float[h * w], labels);
  }

  private static int count(byte[] labels, int value) {
    int n = 0;
    for (byte b : labels) {
      n += b == (byte) value ? 1 : 0;
    }
    return n;
  }

  @Test
  void pixelsBeyondTheRadius_becomeBackground_insideStayUnannotated() {
    // 21 x 21 at 1 mm, one LV scribble at the centre, radius 5 mm, every pixel: the lattice
    // points with dy^2 + dx^2 <= 25 number 81 (Gauss's circle problem, N(5) = 81), so 441 - 81
    // pixels become background and 80 stay unannotated (the 81st is the scribble).
    TrainSlice s = slice(21, 21, 10, 10, 3);
    TrainSlice out = new FarBackground(5, 1, TrainingData.UNANNOTATED).apply(s, 1, 1);
    assertEquals(360, count(out.labels(), 0));
    assertEquals(80, count(out.labels(), U));
    assertEquals(3, out.labels()[10 * 21 + 10]);
    assertEquals(0, out.labels()[10 * 21 + 16], "6 mm right of the centre");
    assertEquals(U, out.labels()[10 * 21 + 15], "exactly 5 mm right of the centre");
    assertEquals(360, FarBackground.added(s, out));
  }

  @Test
  void anisotropicSpacing_isUsed() {
    // rows 2 mm apart, columns 1 mm, radius 4 mm: inside are (2a)^2 + b^2 <= 16, that is 9
    // points on a = 0, 7 on each of a = +-1 and 1 on each of a = +-2: 25 of 11 x 11 = 121.
    TrainSlice s = slice(11, 11, 5, 5, 2);
    TrainSlice out = new FarBackground(4, 1, TrainingData.UNANNOTATED).apply(s, 2, 1);
    assertEquals(121 - 25, count(out.labels(), 0));
    assertEquals(U, out.labels()[3 * 11 + 5], "2 rows = 4 mm: on the radius");
    assertEquals(0, out.labels()[5 * 11 + 10], "5 columns = 5 mm");
    assertEquals(U, out.labels()[5 * 11 + 9], "4 columns = 4 mm: on the radius");
    assertEquals(0, out.labels()[2 * 11 + 5], "3 rows = 6 mm");
  }

  @Test
  void stride_labelsOnlyTheGrid() {
    // 20 x 20 at 1 mm, scribble at (0, 0), radius 0.5 mm: every grid point but (0, 0) is far.
    TrainSlice s = slice(20, 20, 0, 0, 1);
    TrainSlice out = new FarBackground(0.5, 4, TrainingData.UNANNOTATED).apply(s, 1, 1);
    assertEquals(5 * 5 - 1, count(out.labels(), 0));
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 20; x++) {
        byte expected = y == 0 && x == 0 ? 1 : (y % 4 == 0 && x % 4 == 0) ? 0 : U;
        assertEquals(expected, out.labels()[y * 20 + x], "pixel " + y + "," + x);
      }
    }
  }

  @Test
  void centre_isTheMedianOfTheForegroundScribbles_andScribblesKeepTheirLabels() {
    // Three RV scribbles at x = 2, 3, 4 and a stray MYO one at x = 30 on row 0 of a 1 x 31
    // slice: the median centre is x = 3.5 (mean 9.75), so with radius 5 mm, x <= 8 stays
    // unannotated and x >= 9 becomes background, except the stray scribble.
    TrainSlice s = slice(1, 31, 0, 2, 1, 0, 3, 1, 0, 4, 1, 0, 30, 2);
    TrainSlice out = new FarBackground(5, 1, TrainingData.UNANNOTATED).apply(s, 1, 1);
    for (int x = 0; x < 31; x++) {
      byte expected = x >= 2 && x <= 4 ? 1 : x == 30 ? 2 : x <= 8 ? U : 0;
      assertEquals(expected, out.labels()[x], "x=" + x);
    }
  }

  @Test
  void backgroundScribbles_doNotPlaceTheCentre_andSlicesWithoutForegroundAreKept() {
    TrainSlice bgOnly = slice(9, 9, 4, 4, 0);
    FarBackground far = new FarBackground(1, 1, TrainingData.UNANNOTATED);
    assertSame(bgOnly, far.apply(bgOnly, 1, 1));
    TrainSlice unlabelled = new TrainSlice("u", 0, 3, 3, 1, new float[9], null);
    assertSame(unlabelled, far.apply(unlabelled, 1, 1));
    TrainSlice s = slice(9, 9, 4, 4, 3);
    assertSame(s, new FarBackground(0, 1, TrainingData.UNANNOTATED).apply(s, 1, 1));
    assertEquals(0, FarBackground.added(s, s));
  }

  @Test
  void inputIsNotModified() {
    TrainSlice s = slice(15, 15, 7, 7, 3);
    byte[] before = s.labels().clone();
    new FarBackground(2, 1, TrainingData.UNANNOTATED).apply(s, 1, 1);
    assertArrayEquals(before, s.labels());
  }

  @Test
  void badSettings_areRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new FarBackground(-1, 1, TrainingData.UNANNOTATED));
    assertThrows(IllegalArgumentException.class,
        () -> new FarBackground(Double.NaN, 1, TrainingData.UNANNOTATED));
    assertThrows(IllegalArgumentException.class,
        () -> new FarBackground(10, 0, TrainingData.UNANNOTATED));
  }
}
