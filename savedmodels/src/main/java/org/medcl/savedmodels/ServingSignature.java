package org.medcl.savedmodels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * The serving signature of an exported MedCL model, tag {@value #TAG}, key {@value #KEY}, method
 * {@value #METHOD} (what TF Serving's REST {@code :predict} expects).
 *
 * <p>Inputs: {@value #IMAGES} {@code [batch, height, width, channels]} float32 raw intensities;
 * {@value #MEAN} and {@value #STD} float32 per-volume statistics of the intensities, {@code
 * [batch]} for a one-channel model, {@code [batch, channels]} otherwise (a channel whose std is
 * 0 is only centred); {@value #SPACING} float32 {@code [2]}, the in-plane pixel spacing (y, x) in
 * mm of every image of the batch (ignored when the model works at the native spacing).
 * Outputs: {@value #PROBABILITIES} {@code [batch, height, width, classes]} float32 softmax
 * probabilities at the input's size, and {@value #LABELS} {@code [batch, height, width]} int32
 * class indices (0 = background; {@code model.json} maps them to label values).
 */
public final class ServingSignature {
  /** The SavedModel tag. */
  public static final String TAG = "serve";
  /** The signature key. */
  public static final String KEY = "serving_default";
  /** The signature's method name. */
  public static final String METHOD = "tensorflow/serving/predict";
  /** Input: raw intensities. */
  public static final String IMAGES = "images";
  /** Input: per-volume mean. */
  public static final String MEAN = "mean";
  /** Input: per-volume standard deviation. */
  public static final String STD = "std";
  /** Input: in-plane spacing (y, x) in mm. */
  public static final String SPACING = "spacing";
  /** Output: class probabilities. */
  public static final String PROBABILITIES = "probabilities";
  /** Output: arg-max class indices. */
  public static final String LABELS = "labels";

  private ServingSignature() {}

  /** Shape of the {@value #MEAN} and {@value #STD} inputs for {@code channels} channels. */
  public static Shape statisticsShape(int channels) {
    return channels == 1 ? Shape.of(-1) : Shape.of(-1, channels);
  }

  /**
   * What is wrong with {@code sig} for a model of {@code channels} input channels and
   * {@code classes} output classes (background included); empty when it fits.
   */
  public static List<String> problems(Signature sig, int channels, int classes) {
    List<String> out = new ArrayList<>();
    if (!KEY.equals(sig.key())) {
      out.add("signature key '" + sig.key() + "', expected '" + KEY + "'");
    }
    if (!METHOD.equals(sig.methodName())) {
      out.add("method name '" + sig.methodName() + "', expected '" + METHOD + "'");
    }
    Map<String, Signature.TensorDescription> in = sig.getInputs();
    Map<String, Signature.TensorDescription> outs = sig.getOutputs();
    boolean names = true;
    if (!in.keySet().equals(java.util.Set.of(IMAGES, MEAN, STD, SPACING))) {
      names = false;
      out.add("inputs " + in.keySet() + ", expected [" + IMAGES + ", " + MEAN + ", " + STD + ", "
          + SPACING + "]");
    }
    if (!outs.keySet().equals(java.util.Set.of(PROBABILITIES, LABELS))) {
      names = false;
      out.add("outputs " + outs.keySet() + ", expected [" + PROBABILITIES + ", " + LABELS + "]");
    }
    if (!names) {
      return out;
    }
    check(out, IMAGES, in.get(IMAGES), DataType.DT_FLOAT, Shape.of(-1, -1, -1, channels));
    check(out, MEAN, in.get(MEAN), DataType.DT_FLOAT, statisticsShape(channels));
    check(out, STD, in.get(STD), DataType.DT_FLOAT, statisticsShape(channels));
    check(out, SPACING, in.get(SPACING), DataType.DT_FLOAT, Shape.of(2));
    check(out, PROBABILITIES, outs.get(PROBABILITIES), DataType.DT_FLOAT,
        Shape.of(-1, -1, -1, classes));
    check(out, LABELS, outs.get(LABELS), DataType.DT_INT32, Shape.of(-1, -1, -1));
    return out;
  }

  /**
   * Checks dtype and shape; a dimension known on both sides must agree, an unknown one on the
   * signature's side is accepted.
   */
  private static void check(List<String> out, String name, Signature.TensorDescription d,
      DataType type, Shape expected) {
    if (d.dataType != type) {
      out.add(name + " has dtype " + d.dataType + ", expected " + type);
    }
    Shape s = d.shape;
    if (s.isUnknown() || s.numDimensions() != expected.numDimensions()) {
      out.add(name + " has shape " + s + ", expected " + expected);
      return;
    }
    for (int i = 0; i < expected.numDimensions(); i++) {
      long e = expected.get(i);
      long f = s.get(i);
      if (e >= 0 && f >= 0 && e != f) {
        String what = name.equals(IMAGES) && i == 3 ? "expected " + e + " input channel"
            + (e == 1 ? "" : "s") + ", found " + f
            : name + " has shape " + s + ", expected " + expected;
        out.add(what);
        return;
      }
    }
  }
}
