package org.medcl.data.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;
import org.medcl.data.Geometry;
import org.medcl.data.Volume;

/**
 * Writes volumes as single-file NIfTI, gzip-compressed when the file name ends in {@code .gz}.
 * The geometry written (pixdim, qform, sform, codes, units) is the volume's own or that of a
 * reference volume, so that a prediction opens aligned with its image.
 *
 * <p>The file is written to a temporary name in the target folder and renamed into place
 * atomically; on any failure the temporary file is removed and nothing is left behind.
 */
public final class NiftiWriter {
  private static final int CHUNK_VOXELS = 1 << 16;
  private static final int BUFFER = 1 << 16;
  private static final double INTEGER_TOLERANCE = 1e-3;
  private static final SecureRandom RANDOM = new SecureRandom();

  private NiftiWriter() {
  }

  /**
   * How to encode a volume.
   *
   * @param datatype the voxel type written
   * @param byteOrder the byte order
   * @param version NIfTI version, 1 or 2
   * @param slope {@code scl_slope} (stored value = (value - inter) / slope)
   * @param inter {@code scl_inter}
   */
  public record Options(NiftiDatatype datatype, ByteOrder byteOrder, int version, double slope,
      double inter) {
    /** Validates the fields. */
    public Options {
      Objects.requireNonNull(datatype, "datatype");
      Objects.requireNonNull(byteOrder, "byteOrder");
      if (version != 1 && version != 2) {
        throw new IllegalArgumentException("NIfTI version " + version + ", expected 1 or 2");
      }
      if (slope == 0 || !Double.isFinite(slope) || !Double.isFinite(inter)) {
        throw new IllegalArgumentException("scaling slope " + slope + " inter " + inter
            + ", expected a finite non-zero slope and a finite inter");
      }
    }

    /** NIfTI-1, little-endian, no scaling. */
    public static Options of(NiftiDatatype datatype) {
      return new Options(datatype, ByteOrder.LITTLE_ENDIAN, 1, 1, 0);
    }

    /** The same options with another byte order. */
    public Options withByteOrder(ByteOrder order) {
      return new Options(datatype, order, version, slope, inter);
    }

    /** The same options with another NIfTI version. */
    public Options withVersion(int v) {
      return new Options(datatype, byteOrder, v, slope, inter);
    }

    /** The same options with a scaling. */
    public Options withScaling(double s, double i) {
      return new Options(datatype, byteOrder, version, s, i);
    }
  }

  /**
   * Writes a label volume with the geometry of {@code reference}: uint8 when every value is in
   * 0..255, else int16.
   *
   * @throws IllegalArgumentException if the shapes differ or a value is not an int16 integer
   */
  public static void writeLabels(Volume labels, Volume reference, Path out) throws NiftiException {
    Volume v = withGeometryOf(labels, reference);
    boolean fitsByte = labels.min() >= 0 && labels.max() <= 255;
    write(v, out, Options.of(fitsByte ? NiftiDatatype.UINT8 : NiftiDatatype.INT16));
  }

  /**
   * Writes a label volume with its own geometry (e.g. one built by
   * {@code PreparedCase.toSourceVolume}, which carries the source image's geometry): uint8 when
   * every value is in 0..255, else int16.
   */
  public static void writeLabels(Volume labels, Path out) throws NiftiException {
    writeLabels(labels, labels, out);
  }

  /** Writes a float32 volume with the geometry of {@code reference}. */
  public static void writeFloat(Volume values, Volume reference, Path out) throws NiftiException {
    write(withGeometryOf(values, reference), out, Options.of(NiftiDatatype.FLOAT32));
  }

  private static Volume withGeometryOf(Volume v, Volume reference) {
    if (!v.sameShape(reference)) {
      throw new IllegalArgumentException("volume is " + v.shapeString()
          + ", expected the reference's shape " + reference.shapeString() + " ("
          + reference.sourceName() + ")");
    }
    return v.toBuilder().geometry(reference.geometry()).adoptData(v.copyData()).build();
  }

  /**
   * Writes a volume with its own geometry.
   *
   * @throws IllegalArgumentException if a value cannot be stored in the datatype (not an
   *     integer after scaling, out of range, or not finite)
   * @throws NiftiException if the file cannot be written (nothing is left behind)
   */
  public static void write(Volume v, Path out, Options opts) throws NiftiException {
    checkRepresentable(v, opts);
    Path dir = out.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new NiftiException(out, "folder " + dir + " does not exist, expected an existing "
          + "folder to write into");
    }
    boolean gzip = out.getFileName().toString().endsWith(".gz");
    Path tmp = null;
    try {
      // a new name of our own (not createTempFile, whose 0600 mode would survive the rename)
      tmp = dir.resolve("." + out.getFileName() + "." + Long.toHexString(RANDOM.nextLong())
          + ".tmp");
      try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp,
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), BUFFER);
          OutputStream os = gzip ? new FastGzip(file) : file) {
        os.write(header(v, opts));
        writeData(v, opts, os);
      }
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw new NiftiException(out, "cannot write: " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original failure is what the caller needs to see
        }
      }
    }
  }

  private static void checkRepresentable(Volume v, Options o) {
    NiftiDatatype t = o.datatype();
    for (int i = 0; i < v.size(); i++) {
      float value = v.get(i);
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException("value " + value + " at index " + i + " of "
            + v.sourceName() + ", expected finite values");
      }
      if (t.isInteger()) {
        double raw = (value - o.inter()) / o.slope();
        double r = Math.rint(raw);
        if (Math.abs(raw - r) > INTEGER_TOLERANCE || r < t.minValue() || r > t.maxValue()) {
          throw new IllegalArgumentException("value " + value + " at index " + i + " of "
              + v.sourceName() + " is stored as " + raw + ", expected an integer in "
              + (long) t.minValue() + ".." + (long) t.maxValue() + " for " + t.label());
        }
      } else if (t == NiftiDatatype.FLOAT32
          && !Float.isFinite((float) ((value - o.inter()) / o.slope()))) {
        throw new IllegalArgumentException("value " + value + " at index " + i
            + " overflows float32 with slope " + o.slope());
      }
    }
  }

  // TODO: NIfTI extensions, intent, dim_info and slice timing of a source file are not kept;
  // only the geometry fields that viewers use to align volumes (pixdim, qform, sform, codes,
  // units) are written, because Volume carries nothing else.
  private static byte[] header(Volume v, Options o) {
    Geometry g = v.geometry();
    double[] pixdim = g.pixdim();
    pixdim[0] = g.qfac();
    double[] q = g.quatern();
    double[] qo = g.qoffset();
    double[][] srow = g.srow();
    int rank = v.channels() > 1 ? 4 : 3;
    long[] dim = {rank, v.nx(), v.ny(), v.nz(), v.channels(), 1, 1, 1};
    NiftiDatatype t = o.datatype();
    if (o.version() == 1) {
      ByteBuffer b = ByteBuffer.allocate(NiftiReader.NIFTI1_HEADER_SIZE + 4).order(o.byteOrder());
      b.putInt(0, NiftiReader.NIFTI1_HEADER_SIZE);
      for (int i = 0; i < 8; i++) {
        if (dim[i] > Short.MAX_VALUE) {
          throw new IllegalArgumentException("dim[" + i + "] is " + dim[i]
              + ", expected <= 32767 for NIfTI-1 (write NIfTI-2)");
        }
        b.putShort(40 + 2 * i, (short) dim[i]);
      }
      b.putShort(70, (short) t.code());
      b.putShort(72, (short) t.bitpix());
      for (int i = 0; i < 8; i++) {
        b.putFloat(76 + 4 * i, (float) pixdim[i]);
      }
      b.putFloat(108, NiftiReader.NIFTI1_HEADER_SIZE + 4);
      b.putFloat(112, (float) o.slope());
      b.putFloat(116, (float) o.inter());
      b.put(123, (byte) g.xyztUnits());
      putText(b, 148, 80, "MedCL");
      b.putShort(252, (short) g.qformCode());
      b.putShort(254, (short) g.sformCode());
      for (int i = 0; i < 3; i++) {
        b.putFloat(256 + 4 * i, (float) q[i]);
        b.putFloat(268 + 4 * i, (float) qo[i]);
        for (int c = 0; c < 4; c++) {
          b.putFloat(280 + 16 * i + 4 * c, (float) srow[i][c]);
        }
      }
      putText(b, 344, 4, "n+1");
      return b.array();
    }
    ByteBuffer b = ByteBuffer.allocate(NiftiReader.NIFTI2_HEADER_SIZE + 4).order(o.byteOrder());
    b.putInt(0, NiftiReader.NIFTI2_HEADER_SIZE);
    b.put(4, new byte[] {'n', '+', '2', 0, '\r', '\n', 0x1a, '\n'});
    b.putShort(12, (short) t.code());
    b.putShort(14, (short) t.bitpix());
    for (int i = 0; i < 8; i++) {
      b.putLong(16 + 8 * i, dim[i]);
      b.putDouble(104 + 8 * i, pixdim[i]);
    }
    b.putLong(168, NiftiReader.NIFTI2_HEADER_SIZE + 4);
    b.putDouble(176, o.slope());
    b.putDouble(184, o.inter());
    putText(b, 240, 80, "MedCL");
    b.putInt(344, g.qformCode());
    b.putInt(348, g.sformCode());
    for (int i = 0; i < 3; i++) {
      b.putDouble(352 + 8 * i, q[i]);
      b.putDouble(376 + 8 * i, qo[i]);
      for (int c = 0; c < 4; c++) {
        b.putDouble(400 + 32 * i + 8 * c, srow[i][c]);
      }
    }
    b.putInt(500, g.xyztUnits());
    return b.array();
  }

  private static void putText(ByteBuffer b, int offset, int max, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    b.put(offset, bytes, 0, Math.min(bytes.length, max));
  }

  private static void writeData(Volume v, Options o, OutputStream os) throws IOException {
    NiftiDatatype t = o.datatype();
    int total = v.size();
    ByteBuffer b = ByteBuffer.allocate(CHUNK_VOXELS * t.bytes()).order(o.byteOrder());
    for (int start = 0; start < total; start += CHUNK_VOXELS) {
      int end = Math.min(total, start + CHUNK_VOXELS);
      b.clear();
      for (int i = start; i < end; i++) {
        double raw = (v.get(i) - o.inter()) / o.slope();
        switch (t) {
          case UINT8:
          case INT8:
            b.put((byte) Math.rint(raw));
            break;
          case INT16:
          case UINT16:
            b.putShort((short) (int) Math.rint(raw));
            break;
          case INT32:
            b.putInt((int) Math.rint(raw));
            break;
          case UINT32:
            b.putInt((int) (long) Math.rint(raw));
            break;
          case INT64:
            b.putLong((long) Math.rint(raw));
            break;
          case FLOAT32:
            b.putFloat((float) raw);
            break;
          default:
            b.putDouble(raw);
            break;
        }
      }
      os.write(b.array(), 0, b.position());
    }
  }

  /**
   * gzip at deflate level 1, the fastest. Writing was the largest cost of prediction outside the
   * network; for subject1's predicted labels (512 x 512 x 15) level 1 took 88 ms instead of
   * 170 ms at the default level, for a file of 45 KB instead of 19 KB.
   */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, BUFFER);
      def.setLevel(java.util.zip.Deflater.BEST_SPEED);
    }
  }
}
