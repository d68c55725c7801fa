package org.medcl.tools.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcl.models.UNetConfig;
import org.medcl.savedmodels.impl.NetworkSizes;

class PaddedInferenceTest {

  /**
   * The reference preset at 10 x 7 (2 slices): the network is called at the padded sides its
   * NetworkSizes maps, and every output pixel comes from the same input pixel. The fake network
   * writes, per pixel, channel k = image value + 1000 k, so a shifted crop would show.
   */
  @Test
  void validNetwork_seesAMappedSide_andCropsBackToTheSamePixels() {
    UNetConfig reference = UNetConfig.reference();
    NetworkSizes sizes = NetworkSizes.of(reference);
    int n = 2;
    int h = 10;
    int w = 7;
    float[] images = new float[n * h * w];
    for (int i = 0; i < images.length; i++) {
      images[i] = i + 1;
    }
    List<int[]> calls = new ArrayList<>();
    float[] out = PaddedInference.of(reference).apply((x, nn, hh, ww) -> {
      calls.add(new int[] {nn, hh, ww});
      float[] p = new float[nn * hh * ww * 4];
      for (int px = 0; px < nn * hh * ww; px++) {
        for (int k = 0; k < 4; k++) {
          p[px * 4 + k] = x[px] + 1000f * k;
        }
      }
      return p;
    }, images, n, h, w);
    assertEquals(1, calls.size());
    int[] c = calls.get(0);
    assertEquals(n, c[0]);
    assertEquals(sizes.padded(h), c[1]);
    assertEquals(sizes.padded(w), c[2]);
    assertTrue(c[1] > h && c[2] > w, "expected padding, got " + c[1] + " x " + c[2]);
    assertEquals(n * h * w * 4, out.length);
    for (int px = 0; px < n * h * w; px++) {
      for (int k = 0; k < 4; k++) {
        assertEquals(images[px] + 1000f * k, out[px * 4 + k], "pixel " + px + " channel " + k);
      }
    }
  }

  @Test
  void sameNetwork_andMappedSides_areCalledAsGiven() {
    float[] images = new float[3 * 5 * 4];
    float[] probs = new float[3 * 5 * 4 * 4];
    int[] seen = new int[2];
    float[] out = PaddedInference.of(UNetConfig.small()).apply((x, nn, hh, ww) -> {
      seen[0] = hh;
      seen[1] = ww;
      return probs;
    }, images, 3, 5, 4);
    assertEquals(5, seen[0]);
    assertEquals(4, seen[1]);
    assertTrue(out == probs);
    UNetConfig reference = UNetConfig.reference();
    int mapped = NetworkSizes.of(reference).padded(212);
    assertEquals(212, mapped);
    float[] ref = new float[212 * 212 * 4];
    assertTrue(PaddedInference.of(reference).apply((x, nn, hh, ww) -> ref,
        new float[212 * 212], 1, 212, 212) == ref);
  }

  @Test
  void wrongLengths_areNamed() {
    PaddedInference reference = PaddedInference.of(UNetConfig.reference());
    IllegalArgumentException in = assertThrows(IllegalArgumentException.class,
        () -> reference.apply((x, nn, hh, ww) -> new float[0], new float[69], 1, 10, 7));
    assertEquals("images hold 69 values, not 1 x 10 x 7 x 1", in.getMessage());
    IllegalStateException out = assertThrows(IllegalStateException.class,
        () -> reference.apply((x, nn, hh, ww) -> new float[5], new float[70], 1, 10, 7));
    assertTrue(out.getMessage().startsWith("the network gave 5 probabilities, not 1 x "),
        out.getMessage());
  }
}
