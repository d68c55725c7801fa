package org.medcl.savedmodels.impl;

import java.util.ArrayList;
import java.util.List;
import org.medcl.savedmodels.ServingSignature;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Runs the serving signature on a session, by the tensor names the signature gives: the same
 * code for a loaded SavedModel and for an in-memory serving graph. Thread-safe (a session runs
 * concurrent calls).
 */
public final class SessionPipeline {
  private final Session session;
  private final int channels;
  private final int classes;
  private final String images;
  private final String mean;
  private final String std;
  private final String spacing;
  private final String probabilities;
  private final String labels;

  /** A runner of {@code signature} (already checked) on {@code session}. */
  public SessionPipeline(Session session, Signature signature, int channels, int classes) {
    this.session = session;
    this.channels = channels;
    this.classes = classes;
    this.images = signature.getInputs().get(ServingSignature.IMAGES).name;
    this.mean = signature.getInputs().get(ServingSignature.MEAN).name;
    this.std = signature.getInputs().get(ServingSignature.STD).name;
    this.spacing = signature.getInputs().get(ServingSignature.SPACING).name;
    this.probabilities = signature.getOutputs().get(ServingSignature.PROBABILITIES).name;
    this.labels = signature.getOutputs().get(ServingSignature.LABELS).name;
  }

  /**
   * Runs the pipeline on {@code images [n, h, w, channels]} of raw intensities and copies the
   * outputs asked for straight into the caller's arrays.
   *
   * @param meanData per image (and channel) mean, {@code n * channels} values
   * @param stdData per image (and channel) standard deviation, {@code n * channels} values
   * @param spacingYx pixel spacing (y, x) in mm
   * @param probabilitiesOut receives {@code [n, h, w, classes]} at {@code probabilitiesOffset},
   *     or null to skip fetching them
   * @param labelsOut receives the graph's arg-max {@code [n, h, w]} at {@code labelsOffset}, or
   *     null to skip it
   */
  public void run(float[] imagesData, int n, int h, int w, float[] meanData, float[] stdData,
      float[] spacingYx, float[] probabilitiesOut, int probabilitiesOffset, int[] labelsOut,
      int labelsOffset) {
    if (n < 1 || h < 1 || w < 1) {
      throw new IllegalArgumentException("expected n, h, w >= 1, found " + n + ", " + h + ", "
          + w);
    }
    long expected = (long) n * h * w * channels;
    if (imagesData.length != expected) {
      throw new IllegalArgumentException("expected " + expected + " image values (n*h*w*c), "
          + "found " + imagesData.length);
    }
    if (meanData.length != n * channels || stdData.length != n * channels) {
      throw new IllegalArgumentException("expected " + (n * channels) + " means and stds, found "
          + meanData.length + " and " + stdData.length);
    }
    if (spacingYx.length != 2) {
      throw new IllegalArgumentException("expected spacing (y, x), found " + spacingYx.length
          + " values");
    }
    if (probabilitiesOut == null && labelsOut == null) {
      throw new IllegalArgumentException("expected probabilities, labels or both to fetch");
    }
    Shape stats = channels == 1 ? Shape.of(n) : Shape.of(n, channels);
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, h, w, channels),
            DataBuffers.of(imagesData, true, false));
        TFloat32 m = TFloat32.tensorOf(stats, DataBuffers.of(meanData, true, false));
        TFloat32 s = TFloat32.tensorOf(stats, DataBuffers.of(stdData, true, false));
        TFloat32 sp = TFloat32.tensorOf(Shape.of(2), DataBuffers.of(spacingYx, true, false))) {
      Session.Runner runner = session.runner().feed(images, x).feed(mean, m).feed(std, s)
          .feed(spacing, sp);
      if (probabilitiesOut != null) {
        runner.fetch(probabilities);
      }
      if (labelsOut != null) {
        runner.fetch(labels);
      }
      try (Result r = runner.run()) {
        int next = 0;
        if (probabilitiesOut != null) {
          TFloat32 p = (TFloat32) r.get(next++);
          long size = (long) n * h * w * classes;
          if (p.size() != size) {
            throw new IllegalStateException("pipeline output has shape " + p.shape()
                + ", expected [" + n + ", " + h + ", " + w + ", " + classes + "]");
          }
          p.copyTo(DataBuffers.of(probabilitiesOut, false, false)
              .slice(probabilitiesOffset, size));
        }
        if (labelsOut != null) {
          TInt32 l = (TInt32) r.get(next);
          l.copyTo(DataBuffers.of(labelsOut, false, false).slice(labelsOffset, (long) n * h * w));
        }
      }
    }
  }

  /**
   * A float tensor fetched by name.
   *
   * @param shape its shape
   * @param values its values, row-major
   */
  public record Fetched(long[] shape, float[] values) {}

  /**
   * Feeds the signature's inputs and fetches float tensors by operation name (e.g. {@link
   * org.medcl.savedmodels.ServingGraph#NETWORK_INPUT}), for checks.
   */
  public List<Fetched> fetch(float[] imagesData, int n, int h, int w, float[] meanData,
      float[] stdData, float[] spacingYx, List<String> names) {
    Shape stats = channels == 1 ? Shape.of(n) : Shape.of(n, channels);
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, h, w, channels),
            DataBuffers.of(imagesData, true, false));
        TFloat32 m = TFloat32.tensorOf(stats, DataBuffers.of(meanData, true, false));
        TFloat32 s = TFloat32.tensorOf(stats, DataBuffers.of(stdData, true, false));
        TFloat32 sp = TFloat32.tensorOf(Shape.of(2), DataBuffers.of(spacingYx, true, false))) {
      Session.Runner runner = session.runner().feed(images, x).feed(mean, m).feed(std, s)
          .feed(spacing, sp);
      for (String name : names) {
        runner.fetch(name);
      }
      try (Result r = runner.run()) {
        List<Fetched> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
          TFloat32 t = (TFloat32) r.get(i);
          float[] v = new float[(int) t.size()];
          t.copyTo(DataBuffers.of(v, false, false));
          out.add(new Fetched(t.shape().asArray(), v));
        }
        return out;
      }
    }
  }

  /**
   * One batch's outputs.
   *
   * @param probabilities {@code [n, h, w, classes]} row-major
   * @param labels {@code [n, h, w]} class indices, or null when not fetched
   */
  public record Batch(float[] probabilities, int[] labels) {}

  /** As the other {@code run}, into new arrays; labels only when asked. */
  public Batch run(float[] imagesData, int n, int h, int w, float[] meanData, float[] stdData,
      float[] spacingYx, boolean withLabels) {
    float[] prob = new float[(int) ((long) n * h * w * classes)];
    int[] lab = withLabels ? new int[n * h * w] : null;
    run(imagesData, n, h, w, meanData, stdData, spacingYx, prob, 0, lab, 0);
    return new Batch(prob, lab);
  }
}
