package org.medcl.tools.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlaysTest {
  private static final int NX = 4;
  private static final int NY = 3;
  private static final int NZ = 5;

  @TempDir Path dir;

  /** Image value = voxel index 0..59, so the window is [0, 59] and grey(i) = 255 i / 59. */
  private static Overlays.Case smallCase() {
    int n = NX * NY * NZ;
    float[] image = new float[n];
    for (int i = 0; i < n; i++) {
      image[i] = i;
    }
    int[] pred = new int[n];
    int[] truth = new int[n];
    pred[1 + NX * (0 + NY * 2)] = 1;
    truth[2 + NX * (1 + NY * 0)] = 3;
    return new Overlays.Case(image, pred, truth, NX, NY, NZ);
  }

  private static int rgb(int r, int g, int b) {
    return (r << 16) | (g << 8) | b;
  }

  @Test
  void fewForegroundSlices_spreadOverAllSlices() {
    // Foreground in z = 0 and 2 only: fewer than 3, so 3 slices spread over 0..4: 0, 2, 4.
    assertArrayEquals(new int[] {0, 2, 4}, new Overlays().chooseSlices(smallCase()));
  }

  @Test
  void manyForegroundSlices_spreadOverThoseSlices() {
    // Foreground in z = 3..7 of 10: ranks 0, 2, 4 of that list are z = 3, 5, 7.
    int n = 2 * 2 * 10;
    int[] pred = new int[n];
    for (int z = 3; z <= 7; z++) {
      pred[4 * z] = 2;
    }
    Overlays.Case c = new Overlays.Case(new float[n], pred, null, 2, 2, 10);
    assertArrayEquals(new int[] {3, 5, 7}, new Overlays().chooseSlices(c));
  }

  @Test
  void render_blendsPredictionAndOutlinesTruthAtFlippedRows() {
    BufferedImage img = new Overlays().render(smallCase());
    assertEquals(3 * NX, img.getWidth());
    assertEquals(NY, img.getHeight());
    // Predicted RV voxel (1, 0, z=2): panel 1, column 4 + 1, row NY - 1 - 0 = 2. Grey
    // round(255 * 25 / 59) = 108; blended with (230, 60, 60) at 0.45:
    // round(0.55 * 108 + 0.45 * 230) = 163, round(0.55 * 108 + 0.45 * 60) = 86.
    assertEquals(rgb(163, 86, 86), img.getRGB(5, 2) & 0xFFFFFF);
    // Truth LV voxel (2, 1, z=0): panel 0, column 2, row 1; colour (60, 120, 255) lightened
    // halfway to white: (157, 187, 255).
    assertEquals(rgb(157, 187, 255), img.getRGB(2, 1) & 0xFFFFFF);
    // Plain voxel (0, 0, z=4), index 48: grey round(255 * 48 / 59) = 207, panel 2, row 2.
    assertEquals(rgb(207, 207, 207), img.getRGB(8, 2) & 0xFFFFFF);
  }

  @Test
  void write_givesADecodablePngOfTheExpectedSize() throws IOException {
    Path png = dir.resolve("overlays/case1.png");
    Overlays overlays = new Overlays();
    overlays.write(png, smallCase());
    BufferedImage read = ImageIO.read(png.toFile());
    assertNotNull(read);
    assertEquals(3 * NX, read.getWidth());
    assertEquals(NY, read.getHeight());
    assertEquals(rgb(163, 86, 86), read.getRGB(5, 2) & 0xFFFFFF);
    assertFalse(Files.exists(dir.resolve("overlays/case1.png.tmp")));
  }

  @Test
  void wrongPredictionSize_isRejectedWithBothSizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Overlays.Case(new float[8], new int[7], null, 2, 2, 2));
    assertEquals("expected prediction of 8 voxels, found 7", e.getMessage());
  }

  @Test
  void zeroSlices_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Overlays(0, 0.5));
    assertEquals("expected at least 1 slice, found 0", e.getMessage());
  }
}
