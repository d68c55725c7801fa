package org.medcl.data.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiReader;

/**
 * Loads a {@link CaseRef}: reads the image files (joining one file per channel into one
 * volume), reads the label, and checks that the label has the image's shape and spacing
 * (within {@link #SPACING_TOLERANCE_MM}) and only values the descriptor knows.
 */
public final class CaseLoader {
  /** Largest difference in spacing between image and label, in mm. */
  public static final double SPACING_TOLERANCE_MM = 1e-3;

  private CaseLoader() {
  }

  /**
   * Loads and checks a case.
   *
   * @throws IOException a {@link org.medcl.data.nifti.NiftiException} for an unreadable
   *     volume, a {@link DatasetException} naming the file when image and label do not match or
   *     the label holds values outside the descriptor
   */
  public static LabeledCase load(CaseRef ref, DatasetDescriptor descriptor) throws IOException {
    Volume image = readImage(ref, descriptor);
    if (!ref.hasLabel()) {
      return new LabeledCase(ref, image, null);
    }
    Volume label = NiftiReader.read(ref.label());
    checkLabel(image, label, ref.label(), descriptor);
    return new LabeledCase(ref, image, label);
  }

  /** Reads the image of a case, one channel per descriptor channel. */
  public static Volume readImage(CaseRef ref, DatasetDescriptor descriptor) throws IOException {
    Volume first = NiftiReader.read(ref.images().get(0));
    Volume image = first;
    if (ref.images().size() > 1) {
      image = joinChannels(ref, first);
    }
    if (image.channels() != descriptor.channelCount()) {
      throw new DatasetException(ref.images().get(0), "image has " + image.channels()
          + " channels, expected " + descriptor.channelCount() + " " + descriptor.channelNames()
          + " as the descriptor says");
    }
    return image;
  }

  private static Volume joinChannels(CaseRef ref, Volume first) throws IOException {
    int n = ref.images().size();
    int per = first.voxelCount();
    float[] all = new float[per * n];
    for (int c = 0; c < n; c++) {
      Path file = ref.images().get(c);
      Volume v = c == 0 ? first : NiftiReader.read(file);
      if (v.channels() != 1) {
        throw new DatasetException(file, "has " + v.channels()
            + " channels, expected 1 in a per-channel image file");
      }
      checkSameGrid(first, v, file, "channel 0 " + ref.images().get(0).getFileName());
      for (int i = 0; i < per; i++) {
        all[c * per + i] = v.get(i);
      }
    }
    return first.toBuilder().dims(first.nx(), first.ny(), first.nz(), n).adoptData(all).build();
  }

  /**
   * Checks a label volume against its image and the descriptor.
   *
   * @throws DatasetException naming {@code labelFile} on a shape, spacing, channel or value
   *     mismatch
   */
  public static void checkLabel(Volume image, Volume label, Path labelFile,
      DatasetDescriptor descriptor) throws DatasetException {
    if (label.channels() != 1) {
      throw new DatasetException(labelFile, "label has " + label.channels()
          + " channels, expected 1");
    }
    checkSameGrid(image, label, labelFile, "the image " + image.sourceName());
    // values: integers the descriptor knows
    Map<Float, Long> bad = new TreeMap<>();
    boolean[] allowed = new boolean[DatasetDescriptor.MAX_LABEL_VALUE + 1];
    for (int v : descriptor.allowedValues()) {
      allowed[v] = true;
    }
    for (int i = 0; i < label.size(); i++) {
      float v = label.get(i);
      int iv = (int) v;
      if (iv != v || iv < 0 || iv >= allowed.length || !allowed[iv]) {
        bad.merge(v, 1L, Long::sum);
      }
    }
    if (!bad.isEmpty()) {
      String found = bad.entrySet().stream().limit(10)
          .map(e -> formatValue(e.getKey()) + " (" + e.getValue() + " voxels)")
          .collect(Collectors.joining(", "));
      throw new DatasetException(labelFile, "label values " + found
          + (bad.size() > 10 ? " and " + (bad.size() - 10) + " more" : "")
          + " are not in the descriptor, expected only " + Arrays.toString(
              descriptor.allowedValues()) + " (" + descriptor + ")");
    }
  }

  private static String formatValue(float v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static void checkSameGrid(Volume ref, Volume other, Path file, String refName)
      throws DatasetException {
    if (!ref.sameShape(other)) {
      throw new DatasetException(file, "shape " + other.nx() + " x " + other.ny() + " x "
          + other.nz() + ", expected " + ref.nx() + " x " + ref.ny() + " x " + ref.nz()
          + " as " + refName);
    }
    double[] a = ref.spacing();
    double[] b = other.spacing();
    for (int i = 0; i < 3; i++) {
      if (Math.abs(a[i] - b[i]) > SPACING_TOLERANCE_MM) {
        throw new DatasetException(file, "spacing " + Arrays.toString(b) + " mm, expected "
            + Arrays.toString(a) + " as " + refName + " (tolerance "
            + SPACING_TOLERANCE_MM + " mm)");
      }
    }
  }
}
