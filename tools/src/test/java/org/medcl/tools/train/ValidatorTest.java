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
import org.medcl.data.preprocess.ZScore;

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
    brightBlock(image, label, 1f);
    for (int y = 15; y < 17; y++) {
      for (int x = 15; x < 17; x++) {
        image[y * NX + x] = 1f;
      }
    }
    List<LabeledCase> cases = cases(image, label);
    List<String> names = List.of("RV", "MYO", "LV");
    int[] values = {1, 2, 3};

    double raw = new Validator(cases, names, values, 4, null, false).validate(new Bright())
        .meanDice();
    double lcc = new Validator(cases, names, values, 4, null, true).validate(new Bright())
        .meanDice();
    assertEquals((2.0 * 72 / 148 + 2) / 3, raw, 1e-9);
    assertEquals(1.0, lcc, 1e-12);
  }

  /**
   * Label values other than the class indices (RV 200, MYO 500, LV 600): the prediction's class
   * indices are scored against the truth's values. With the largest component the RV Dice is 1
   * as in the test above (it would be 0 if index 1 were compared with value 200).
   */
  @Test
  void labelValues_areComparedAsValues() {
    float[] image = new float[NX * NY * NZ];
    float[] label = new float[image.length];
    brightBlock(image, label, 200f);
    List<LabeledCase> cases = cases(image, label);
    double lcc = new Validator(cases, List.of("RV", "MYO", "LV"), new int[] {200, 500, 600}, 4,
        null, true).validate(new Bright()).meanDice();
    assertEquals(1.0, lcc, 1e-12);
  }

  /**
   * The fake network reads classes from intensity levels: LV in a 4 x 4 x 2 block, MYO in a
   * 2 x 4 x 2 block touching it (the truth) and in a 6 x 6 x 2 block far from both. The
   * per-class largest component would keep the far MYO block (72 voxels against 16); anchored
   * on the LV, validation keeps the touching one: every Dice is 1. Raw MYO Dice 2 * 16 / (88 +
   * 16); RV is empty in both (1).
   */
  @Test
  void largestComponent_keepsTheMyocardiumTouchingTheLeftVentricle() {
    float[] image = new float[NX * NY * NZ];
    float[] label = new float[image.length];
    for (int z = 0; z < NZ; z++) {
      for (int y = 3; y < 7; y++) {
        for (int x = 3; x < 9; x++) {
          int i = (z * NY + y) * NX + x;
          int cls = x < 7 ? 3 : 2;
          image[i] = cls == 3 ? 10f : 20f;
          label[i] = cls;
        }
      }
      for (int y = 13; y < 19; y++) {
        for (int x = 13; x < 19; x++) {
          image[(z * NY + y) * NX + x] = 20f;
        }
      }
    }
    List<LabeledCase> cases = cases(image, label);
    Volume normalised = ZScore.normalize(cases.get(0).image());
    Levels net = new Levels(normalised.get(0), normalised.get((NY + 3) * NX + 3),
        normalised.get(3 * NX + 7));
    List<String> names = List.of("RV", "MYO", "LV");
    int[] values = {1, 2, 3};
    double raw = new Validator(cases, names, values, 4, null, false).validate(net).meanDice();
    double lcc = new Validator(cases, names, values, 4, null, true).validate(net).meanDice();
    assertEquals((1 + 2.0 * 16 / 104 + 1) / 3, raw, 1e-9);
    assertEquals(1.0, lcc, 1e-12);
  }

  /** The 6 x 6 x 2 block at x, y in [3, 9): image 1, label {@code value}. */
  private static void brightBlock(float[] image, float[] label, float value) {
    for (int z = 0; z < NZ; z++) {
      for (int y = 3; y < 9; y++) {
        for (int x = 3; x < 9; x++) {
          image[(z * NY + y) * NX + x] = 1f;
          label[(z * NY + y) * NX + x] = value;
        }
      }
    }
  }

  private static List<LabeledCase> cases(float[] image, float[] label) {
    Geometry g = Geometry.ofSpacing(1.0, 1.0, 5.0);
    Volume img = Volume.builder().dims(NX, NY, NZ, 1).data(image).geometry(g).build();
    Volume lab = Volume.builder().dims(NX, NY, NZ, 1).data(label).geometry(g).build();
    CaseRef ref = new CaseRef("case", List.of(Path.of("case_img.nii.gz")),
        Path.of("case_lab.nii.gz"), LabelKind.MANUAL);
    return List.of(new LabeledCase(ref, img, lab));
  }

  /** LV (index 3) near one normalised level, MYO (2) near another, background elsewhere. */
  private static final class Levels extends Bright {
    private final float background;
    private final float lv;
    private final float myo;

    Levels(float background, float lv, float myo) {
      this.background = background;
      this.lv = lv;
      this.myo = myo;
    }

    @Override
    public float[] infer(float[] images, int n, int height, int width) {
      float[] p = new float[n * height * width * 4];
      for (int i = 0; i < n * height * width; i++) {
        float v = images[i];
        float dBg = Math.abs(v - background);
        float dLv = Math.abs(v - lv);
        float dMyo = Math.abs(v - myo);
        int c = dLv < dBg && dLv < dMyo ? 3 : dMyo < dBg && dMyo < dLv ? 2 : 0;
        p[i * 4 + c] = 1f;
      }
      return p;
    }
  }

  /** Class 1 wherever the (normalised) image is above 0, background elsewhere. */
  private static class Bright implements TrainingBackend {
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
