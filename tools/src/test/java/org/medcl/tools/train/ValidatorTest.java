package org.medcl.tools.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcl.data.Geometry;
import org.medcl.data.Volume;
import org.medcl.data.dataset.CaseRef;
import org.medcl.data.dataset.LabelKind;
import org.medcl.data.dataset.LabeledCase;

class ValidatorTest {
  private static final int NX = 20;
  private static final int NY = 20;
  private static final int NZ = 2;

  /**
   * The image is bright in a 6 x 6 x 2 block (the true RV) and in a 2 x 2 x 1 block far from it;
   * the fake network calls every bright pixel RV. Raw RV Dice: 2 * 72 / (76 + 72) = 0.972973;
   * with the largest component the far block goes and the Dice is 1. MYO and LV are empty in
   * both (Dice 1 by convention), so the means are (0.972973 + 2) / 3 and 1.
   */
  @Test
  void largestComponent_dropsTheFarBlockBeforeScoring() {
    float[] image = new float[NX * NY * NZ];
    float[] label = new float[image.length];
    for (int z = 0; z < NZ; z++) {
      for (int y = 3; y < 9; y++) {
        for (int x = 3; x < 9; x++) {
          image[(z * NY + y) * NX + x] = 1f;
          label[(z * NY + y) * NX + x] = 1f;
        }
      }
    }
    for (int y = 15; y < 17; y++) {
      for (int x = 15; x < 17; x++) {
        image[y * NX + x] = 1f;
      }
    }
    Geometry g = Geometry.ofSpacing(1.0, 1.0, 5.0);
    Volume img = Volume.builder().dims(NX, NY, NZ, 1).data(image).geometry(g).build();
    Volume lab = Volume.builder().dims(NX, NY, NZ, 1).data(label).geometry(g).build();
    CaseRef ref = new CaseRef("case", List.of(Path.of("case_img.nii.gz")),
        Path.of("case_lab.nii.gz"), LabelKind.MANUAL);
    List<LabeledCase> cases = List.of(new LabeledCase(ref, img, lab));
    List<String> names = List.of("RV", "MYO", "LV");
    int[] values = {1, 2, 3};

    double raw = new Validator(cases, names, values, 4, null, false).validate(new Bright())
        .meanDice();
    double lcc = new Validator(cases, names, values, 4, null, true).validate(new Bright())
        .meanDice();
    assertEquals((2.0 * 72 / 148 + 2) / 3, raw, 1e-9);
    assertEquals(1.0, lcc, 1e-12);
  }

  /** Class 1 wherever the (normalised) image is above 0, background elsewhere. */
  private static final class Bright implements TrainingBackend {
    @Override
    public LinkedHashMap<String, Double> step(float[] images, float[] targets, float[] known,
        long step, float learningRate) {
      throw new UnsupportedOperationException("not trained");
    }

    @Override
    public float[] infer(float[] images, int n, int height, int width) {
      float[] p = new float[n * height * width * 4];
      for (int i = 0; i < n * height * width; i++) {
        p[i * 4 + (images[i] > 0 ? 1 : 0)] = 1f;
      }
      return p;
    }

    @Override
    public void save(Path prefix) {
      throw new UnsupportedOperationException("not saved");
    }

    @Override
    public void restore(Path prefix) {
      throw new UnsupportedOperationException("not restored");
    }

    @Override
    public void close() {}
  }
}
