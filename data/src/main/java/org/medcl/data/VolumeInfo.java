package org.medcl.data;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.medcl.data.dataset.CaseRef;
import org.medcl.data.dataset.Dataset;
import org.medcl.data.dataset.Datasets;
import org.medcl.data.nifti.NiftiException;
import org.medcl.data.nifti.NiftiHeader;
import org.medcl.data.nifti.NiftiReader;

/**
 * The text {@code medcl info} prints. For a NIfTI file: format, shape, spacing, datatype and
 * scaling, codes, the voxel-to-world affine, the value range and, for label-like volumes
 * (integer values, at most {@value #MAX_LABEL_VALUES} distinct), the voxel count per value.
 * For a dataset folder: the layout, the descriptor, and per split the case count and one line
 * per case (files, label kind, shape and spacing from the headers).
 */
public final class VolumeInfo {
  /** Volumes with more distinct values than this get no per-value counts. */
  public static final int MAX_LABEL_VALUES = 64;

  private VolumeInfo() {
  }

  /**
   * Describes a file or a dataset folder.
   *
   * @throws IOException naming the file if it cannot be read or the folder matches no layout
   */
  public static String describe(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return describeDataset(Datasets.open(path));
    }
    return describeVolume(path);
  }

  /** Describes one NIfTI file (reads its voxels for the range and counts). */
  public static String describeVolume(Path file) throws NiftiException {
    NiftiHeader h = NiftiReader.readHeader(file);
    Volume v = NiftiReader.read(file);
    StringBuilder sb = new StringBuilder();
    line(sb, "file: %s", file);
    line(sb, "format: NIfTI-%d, %s", h.version(),
        h.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian");
    line(sb, "shape: %s (x, y, z%s)", v.shapeString(), v.channels() > 1 ? ", channel" : "");
    double[] sp = v.spacing();
    line(sb, "spacing: %.4f x %.4f x %.4f mm", sp[0], sp[1], sp[2]);
    line(sb, "datatype: %s, scl_slope %s, scl_inter %s%s", h.datatype().label(),
        num(h.slope()), num(h.inter()), h.scaled() ? " (applied)" : "");
    Geometry g = v.geometry();
    String source = g.sformCode() > 0 ? "sform" : g.qformCode() > 0 ? "qform" : "pixdim";
    line(sb, "qform_code: %d, sform_code: %d, affine from %s:", g.qformCode(), g.sformCode(),
        source);
    for (double[] row : v.affine()) {
      line(sb, "  [%10.4f %10.4f %10.4f %10.4f]", row[0], row[1], row[2], row[3]);
    }
    line(sb, "value range: %s .. %s", num(v.min()), num(v.max()));
    Map<Float, Long> counts = valueCounts(v);
    if (counts == null) {
      line(sb, "label counts: none (not a label volume: non-integer or more than %d values)",
          MAX_LABEL_VALUES);
    } else {
      StringBuilder c = new StringBuilder();
      counts.forEach((k, n) -> c.append(c.length() == 0 ? "" : ", ").append(num(k))
          .append(": ").append(n));
      line(sb, "label counts: %s", c);
    }
    return sb.toString();
  }

  /** Describes a dataset: layout, descriptor, cases per split (reads headers only). */
  public static String describeDataset(Dataset d) throws NiftiException {
    StringBuilder sb = new StringBuilder();
    line(sb, "dataset: %s", d.root());
    line(sb, "layout: %s", d.layout());
    line(sb, "descriptor: %s", d.descriptor());
    for (String split : d.splits()) {
      List<CaseRef> cases = d.cases(split);
      line(sb, "split %s: %d cases", split, cases.size());
      for (CaseRef c : cases) {
        NiftiHeader h = NiftiReader.readHeader(c.images().get(0));
        double[] sp = h.spacing();
        StringBuilder files = new StringBuilder();
        for (Path p : c.images()) {
          files.append(files.length() == 0 ? "" : ",").append(p.getFileName());
        }
        line(sb, "  %s  image=%s  label=%s  %d x %d x %d  %.4f x %.4f x %.4f mm  %s", c.id(),
            files, c.hasLabel() ? c.label().getFileName() + " (" + c.kind() + ")" : "none",
            h.nx(), h.ny(), h.nz(), sp[0], sp[1], sp[2], h.datatype().label());
      }
    }
    return sb.toString();
  }

  /** Voxel count per value, or null when the volume does not look like labels. */
  static Map<Float, Long> valueCounts(Volume v) {
    Map<Float, Long> counts = new TreeMap<>();
    for (int i = 0; i < v.size(); i++) {
      float x = v.get(i);
      if (x != Math.rint(x)) {
        return null;
      }
      counts.merge(x, 1L, Long::sum);
      if (counts.size() > MAX_LABEL_VALUES) {
        return null;
      }
    }
    return counts;
  }

  private static String num(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return String.valueOf((long) x);
    }
    return String.format(Locale.ROOT, "%.6g", x);
  }

  private static void line(StringBuilder sb, String fmt, Object... args) {
    sb.append(String.format(Locale.ROOT, fmt, args)).append('\n');
  }
}
