package org.medcl.data.nifti;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.medcl.data.Geometry;
import org.medcl.data.Volume;

/**
 * Reads NIfTI-1 and NIfTI-2 single files ({@code .nii}, or gzip-compressed, recognised by the
 * gzip magic bytes), in either byte order, as a {@link Volume} with {@code scl_slope} and
 * {@code scl_inter} applied (a slope of 0 means no scaling).
 *
 * <p>The file is decoded as a stream. Before the voxel array is allocated, the declared voxel
 * count is checked against what the file can hold: exactly for {@code .nii}, and for gzip by
 * the largest ratio deflate can reach (1032:1) times the compressed size; the data are then
 * inflated in chunks that are only allocated as bytes arrive, so a lying header fails at the end
 * of the stream with "declared N voxels, file holds M" without a huge allocation. After the
 * data the rest of the stream is read so that gzip's CRC is checked.
 *
 * <p>Every voxel must be finite after scaling: NaN or infinite values are an error.
 * Volumes with more than 4 dimensions are read only if {@code dim[5..7]} are 1.
 */
public final class NiftiReader {
  /** {@code sizeof_hdr} of NIfTI-1. */
  public static final int NIFTI1_HEADER_SIZE = 348;
  /** {@code sizeof_hdr} of NIfTI-2. */
  public static final int NIFTI2_HEADER_SIZE = 540;
  /** Largest inflated-to-compressed ratio accepted (deflate's limit is about 1032). */
  public static final long MAX_GZIP_RATIO = 1100;

  private static final int CHUNK_BYTES = 1 << 18;
  private static final int GZIP_BUFFER = 1 << 16;
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;
  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT_BE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final byte[] MAGIC2 = {'n', '+', '2', 0, '\r', '\n', 0x1a, '\n'};

  private NiftiReader() {
  }

  /** Reads a volume with its geometry. */
  public static Volume read(Path file) throws NiftiException {
    checkFile(file);
    try (Source src = Source.open(file)) {
      NiftiHeader h = parseHeader(file, src.in);
      return readData(h, src);
    } catch (NiftiException e) {
      throw e;
    } catch (ZipException e) {
      throw new NiftiException(file, "corrupt gzip data (" + e.getMessage()
          + "), expected a valid gzip stream", e);
    } catch (EOFException e) {
      throw new NiftiException(file, "truncated gzip stream (" + e.getMessage()
          + "), expected the stream to end with its trailer", e);
    } catch (IOException e) {
      throw new NiftiException(file, "cannot read: " + e, e);
    }
  }

  /** Reads and validates the header only (no voxel data is inflated). */
  public static NiftiHeader readHeader(Path file) throws NiftiException {
    checkFile(file);
    try (Source src = Source.open(file)) {
      return parseHeader(file, src.in);
    } catch (NiftiException e) {
      throw e;
    } catch (ZipException e) {
      throw new NiftiException(file, "corrupt gzip data (" + e.getMessage()
          + "), expected a valid gzip stream", e);
    } catch (EOFException e) {
      throw new NiftiException(file, "truncated gzip stream (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new NiftiException(file, "cannot read: " + e, e);
    }
  }

  private static void checkFile(Path file) throws NiftiException {
    if (Files.isDirectory(file)) {
      throw new NiftiException(file, "is a directory, expected a NIfTI file");
    }
    if (!Files.isRegularFile(file)) {
      throw new NiftiException(file, "file not found, expected a NIfTI file (.nii or .nii.gz)");
    }
  }

  /** The opened stream, gzip-decoded if the file starts with the gzip magic. */
  private static final class Source implements AutoCloseable {
    final InputStream in;
    final boolean gzip;
    final long fileSize;

    private Source(InputStream in, boolean gzip, long fileSize) {
      this.in = in;
      this.gzip = gzip;
      this.fileSize = fileSize;
    }

    static Source open(Path file) throws IOException {
      long size = Files.size(file);
      InputStream raw = new BufferedInputStream(Files.newInputStream(file), GZIP_BUFFER);
      try {
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gz = b0 == 0x1f && b1 == 0x8b;
        InputStream in = gz ? new GZIPInputStream(raw, GZIP_BUFFER) : raw;
        return new Source(in, gz, size);
      } catch (IOException | RuntimeException e) {
        raw.close();
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  // ---------------------------------------------------------------- header

  static NiftiHeader parseHeader(Path file, InputStream in) throws IOException {
    byte[] first = new byte[4];
    int n = in.readNBytes(first, 0, 4);
    if (n < 4) {
      throw new NiftiException(file, "file ends after " + n
          + " bytes, expected a NIfTI header of 348 or 540 bytes");
    }
    int le = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getInt();
    int be = ByteBuffer.wrap(first).order(ByteOrder.BIG_ENDIAN).getInt();
    ByteOrder order;
    int size;
    if (le == NIFTI1_HEADER_SIZE || le == NIFTI2_HEADER_SIZE) {
      order = ByteOrder.LITTLE_ENDIAN;
      size = le;
    } else if (be == NIFTI1_HEADER_SIZE || be == NIFTI2_HEADER_SIZE) {
      order = ByteOrder.BIG_ENDIAN;
      size = be;
    } else {
      throw new NiftiException(file, "header size (sizeof_hdr) is " + le + " read little-endian, "
          + be + " big-endian, expected 348 (NIfTI-1) or 540 (NIfTI-2)");
    }
    byte[] hdr = new byte[size];
    System.arraycopy(first, 0, hdr, 0, 4);
    int got = in.readNBytes(hdr, 4, size - 4);
    if (got < size - 4) {
      throw new NiftiException(file, "file ends after " + (4 + got) + " bytes, expected a "
          + size + "-byte NIfTI-" + (size == NIFTI1_HEADER_SIZE ? 1 : 2) + " header");
    }
    ByteBuffer bb = ByteBuffer.wrap(hdr).order(order);
    return size == NIFTI1_HEADER_SIZE ? parse1(file, bb) : parse2(file, bb);
  }

  private static NiftiHeader parse1(Path file, ByteBuffer bb) throws NiftiException {
    byte[] magic = new byte[4];
    bb.get(344, magic);
    if (!(magic[0] == 'n' && magic[1] == '+' && magic[2] == '1' && magic[3] == 0)) {
      throw badMagic(file, magic, "n+1");
    }
    long[] dim = new long[8];
    for (int i = 0; i < 8; i++) {
      dim[i] = bb.getShort(40 + 2 * i);
    }
    int datatypeCode = bb.getShort(70);
    double[] pixdim = new double[8];
    for (int i = 0; i < 8; i++) {
      pixdim[i] = bb.getFloat(76 + 4 * i);
    }
    long voxOffset = (long) bb.getFloat(108);
    double slope = bb.getFloat(112);
    double inter = bb.getFloat(116);
    int xyztUnits = bb.get(123) & 0xff;
    String descrip = text(bb, 148, 80);
    int qformCode = bb.getShort(252);
    int sformCode = bb.getShort(254);
    double[] quatern = {bb.getFloat(256), bb.getFloat(260), bb.getFloat(264)};
    double[] qoffset = {bb.getFloat(268), bb.getFloat(272), bb.getFloat(276)};
    double[][] srow = new double[3][4];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 4; c++) {
        srow[r][c] = bb.getFloat(280 + 16 * r + 4 * c);
      }
    }
    Geometry g = new Geometry(pixdim, qformCode, sformCode, quatern, qoffset, srow, xyztUnits);
    return build(file, 1, bb.order(), dim, datatypeCode, voxOffset, slope, inter, g, descrip);
  }

  private static NiftiHeader parse2(Path file, ByteBuffer bb) throws NiftiException {
    byte[] magic = new byte[8];
    bb.get(4, magic);
    for (int i = 0; i < 8; i++) {
      if (magic[i] != MAGIC2[i]) {
        throw badMagic(file, magic, "n+2\\0\\r\\n\\032\\n");
      }
    }
    int datatypeCode = bb.getShort(12);
    long[] dim = new long[8];
    for (int i = 0; i < 8; i++) {
      dim[i] = bb.getLong(16 + 8 * i);
    }
    double[] pixdim = new double[8];
    for (int i = 0; i < 8; i++) {
      pixdim[i] = bb.getDouble(104 + 8 * i);
    }
    long voxOffset = bb.getLong(168);
    double slope = bb.getDouble(176);
    double inter = bb.getDouble(184);
    String descrip = text(bb, 240, 80);
    int qformCode = bb.getInt(344);
    int sformCode = bb.getInt(348);
    double[] quatern = {bb.getDouble(352), bb.getDouble(360), bb.getDouble(368)};
    double[] qoffset = {bb.getDouble(376), bb.getDouble(384), bb.getDouble(392)};
    double[][] srow = new double[3][4];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 4; c++) {
        srow[r][c] = bb.getDouble(400 + 32 * r + 8 * c);
      }
    }
    int xyztUnits = bb.getInt(500);
    Geometry g = new Geometry(pixdim, qformCode, sformCode, quatern, qoffset, srow, xyztUnits);
    return build(file, 2, bb.order(), dim, datatypeCode, voxOffset, slope, inter, g, descrip);
  }

  private static NiftiException badMagic(Path file, byte[] magic, String expected) {
    StringBuilder found = new StringBuilder();
    for (byte b : magic) {
      if (b >= 0x20 && b < 0x7f) {
        found.append((char) b);
      } else {
        found.append(String.format("\\x%02x", b & 0xff));
      }
    }
    String pair = magic.length > 2 && magic[0] == 'n' && magic[1] == 'i'
        ? " (a header/image pair, which is not supported)" : "";
    return new NiftiException(file, "magic is '" + found + "'" + pair + ", expected '"
        + expected + "' (single-file NIfTI)");
  }

  private static String text(ByteBuffer bb, int offset, int length) {
    byte[] b = new byte[length];
    bb.get(offset, b);
    int end = 0;
    while (end < length && b[end] != 0) {
      end++;
    }
    return new String(b, 0, end, StandardCharsets.ISO_8859_1).trim();
  }

  private static NiftiHeader build(Path file, int version, ByteOrder order, long[] dim,
      int datatypeCode, long voxOffset, double slope, double inter, Geometry g, String descrip)
      throws NiftiException {
    // dimensions
    long rank = dim[0];
    if (rank < 1 || rank > 7) {
      throw new NiftiException(file, "dim[0] (number of dimensions) is " + rank
          + ", expected 1 to 7");
    }
    long total = 1;
    for (int i = 1; i <= rank; i++) {
      if (dim[i] < 1) {
        throw new NiftiException(file, "dim[" + i + "] is " + dim[i] + ", expected >= 1");
      }
      if (i > 4 && dim[i] != 1) {
        throw new NiftiException(file, "dim[" + i + "] is " + dim[i]
            + ", expected 1 (only 3D volumes and 4D volumes with channels are supported)");
      }
      if (dim[i] > MAX_ARRAY || total > MAX_ARRAY / dim[i]) {
        throw new NiftiException(file, "declares more than " + MAX_ARRAY
            + " voxels, more than one Java array can hold");
      }
      total *= dim[i];
    }
    int[] d = new int[5];
    for (int i = 1; i <= 4; i++) {
      d[i] = i <= rank ? (int) dim[i] : 1;
    }
    // datatype
    // TODO: uint64, complex and RGB datatypes are rejected: no dataset at hand uses them, and
    // a float voxel cannot hold uint64 values exactly.
    NiftiDatatype type;
    try {
      type = NiftiDatatype.fromCode(datatypeCode);
    } catch (IllegalArgumentException e) {
      throw new NiftiException(file, e.getMessage());
    }
    // data offset
    long minOffset = version == 1 ? NIFTI1_HEADER_SIZE + 4 : NIFTI2_HEADER_SIZE + 4;
    long offset = voxOffset == 0 ? minOffset : voxOffset;
    if (offset < minOffset) {
      throw new NiftiException(file, "vox_offset is " + voxOffset + ", expected >= "
          + minOffset);
    }
    // scaling: a slope of 0 (or not finite) means none
    double s = slope;
    double b = inter;
    if (s == 0 || !Double.isFinite(s)) {
      s = 1;
      b = 0;
    } else if (!Double.isFinite(b)) {
      b = 0;
    }
    return new NiftiHeader(file, version, order, d[1], d[2], d[3], d[4], type, offset, s, b, g,
        descrip);
  }

  // ---------------------------------------------------------------- data

  private static Volume readData(NiftiHeader h, Source src) throws IOException {
    Path file = h.file();
    int bytesPer = h.datatype().bytes();
    long need = h.dataBytes();
    long headerBytes = h.version() == 1 ? NIFTI1_HEADER_SIZE : NIFTI2_HEADER_SIZE;
    // what the file can hold, before anything large is allocated
    if (!src.gzip) {
      long holds = Math.max(0, src.fileSize - h.voxOffset());
      if (holds < need) {
        throw new NiftiException(file, "declared " + h.totalVoxels() + " voxels of "
            + h.datatype().label() + " (" + need + " bytes from offset " + h.voxOffset()
            + "), file holds " + holds / bytesPer + " voxels");
      }
    } else {
      long cap = src.fileSize * MAX_GZIP_RATIO;
      if (need + h.voxOffset() > cap) {
        throw new NiftiException(file, "declared " + h.totalVoxels() + " voxels of "
            + h.datatype().label() + " (" + need + " bytes), a gzip file of " + src.fileSize
            + " bytes holds at most " + cap / bytesPer + " voxels");
      }
    }
    long skip = h.voxOffset() - headerBytes;
    long skipped = skipFully(src.in, skip);
    if (skipped < skip) {
      throw new NiftiException(file, "file ends " + (headerBytes + skipped)
          + " bytes in, expected voxel data at vox_offset " + h.voxOffset());
    }
    // inflate in chunks allocated as data arrive
    List<byte[]> chunks = new ArrayList<>();
    long read = 0;
    int chunkSize = (int) Math.min(CHUNK_BYTES, need);
    chunkSize -= chunkSize % 8;
    chunkSize = Math.max(chunkSize, 8);
    while (read < need) {
      int len = (int) Math.min(chunkSize, need - read);
      byte[] chunk = new byte[len];
      int got = src.in.readNBytes(chunk, 0, len);
      read += got;
      chunks.add(chunk);
      if (got < len) {
        throw new NiftiException(file, "declared " + h.totalVoxels() + " voxels of "
            + h.datatype().label() + ", file holds " + read / bytesPer + " voxels");
      }
    }
    // read to the end so that gzip checks its CRC and length
    if (src.gzip) {
      drain(src.in);
    }
    float[] data = new float[(int) h.totalVoxels()];
    Converter conv = new Converter(h.datatype(), h.byteOrder(), h.slope(), h.inter());
    int pos = 0;
    for (byte[] chunk : chunks) {
      pos = conv.convert(chunk, data, pos);
    }
    checkFinite(h, data);
    return Volume.builder().dims(h.nx(), h.ny(), h.nz(), h.channels()).adoptData(data)
        .geometry(h.geometry()).datatype(h.datatype()).source(file).build();
  }

  private static long skipFully(InputStream in, long n) throws IOException {
    long done = 0;
    byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
    while (done < n) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    while (in.read(buf) >= 0) {
      // trailing bytes after the voxel data are allowed and ignored
    }
  }

  private static void checkFinite(NiftiHeader h, float[] data) throws NiftiException {
    NiftiDatatype t = h.datatype();
    double bound = Math.abs(h.slope()) * Math.max(Math.abs(t.minValue()), t.maxValue())
        + Math.abs(h.inter());
    if (t.isInteger() && bound < Float.MAX_VALUE) {
      return;
    }
    int first = -1;
    long bad = 0;
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        if (first < 0) {
          first = i;
        }
        bad++;
      }
    }
    if (first >= 0) {
      int x = first % h.nx();
      int y = (first / h.nx()) % h.ny();
      int z = (int) ((first / ((long) h.nx() * h.ny())) % h.nz());
      int c = (int) (first / h.voxelCount());
      throw new NiftiException(h.file(), bad + " non-finite voxels, first " + data[first]
          + " at (x=" + x + ", y=" + y + ", z=" + z + ", c=" + c + "), expected finite values");
    }
  }

  /** Converts raw bytes of one datatype and order to floats, applying the scaling. */
  private static final class Converter {
    private final NiftiDatatype type;
    private final ByteOrder order;
    private final double slope;
    private final double inter;
    private final boolean scaled;

    Converter(NiftiDatatype type, ByteOrder order, double slope, double inter) {
      this.type = type;
      this.order = order;
      this.slope = slope;
      this.inter = inter;
      this.scaled = slope != 1.0 || inter != 0.0;
    }

    int convert(byte[] chunk, float[] out, int pos) {
      ByteBuffer bb = ByteBuffer.wrap(chunk).order(order);
      int n = chunk.length / type.bytes();
      switch (type) {
        case UINT8:
          for (int i = 0; i < n; i++) {
            out[pos + i] = scale(chunk[i] & 0xff);
          }
          break;
        case INT8:
          for (int i = 0; i < n; i++) {
            out[pos + i] = scale(chunk[i]);
          }
          break;
        case INT16:
          if (order == ByteOrder.LITTLE_ENDIAN) {
            for (int i = 0; i < n; i++) {
              out[pos + i] = scale((short) SHORT_LE.get(chunk, 2 * i));
            }
          } else {
            for (int i = 0; i < n; i++) {
              out[pos + i] = scale((short) SHORT_BE.get(chunk, 2 * i));
            }
          }
          break;
        case UINT16:
          if (order == ByteOrder.LITTLE_ENDIAN) {
            for (int i = 0; i < n; i++) {
              out[pos + i] = scale((short) SHORT_LE.get(chunk, 2 * i) & 0xffff);
            }
          } else {
            for (int i = 0; i < n; i++) {
              out[pos + i] = scale((short) SHORT_BE.get(chunk, 2 * i) & 0xffff);
            }
          }
          break;
        case INT32: {
          int[] s = new int[n];
          bb.asIntBuffer().get(s);
          for (int i = 0; i < n; i++) {
            out[pos + i] = scale(s[i]);
          }
          break;
        }
        case UINT32: {
          int[] s = new int[n];
          bb.asIntBuffer().get(s);
          for (int i = 0; i < n; i++) {
            out[pos + i] = scale(s[i] & 0xffffffffL);
          }
          break;
        }
        case INT64: {
          long[] s = new long[n];
          bb.asLongBuffer().get(s);
          for (int i = 0; i < n; i++) {
            out[pos + i] = scale(s[i]);
          }
          break;
        }
        case FLOAT32: {
          float[] s = new float[n];
          bb.asFloatBuffer().get(s);
          if (scaled) {
            for (int i = 0; i < n; i++) {
              out[pos + i] = scale(s[i]);
            }
          } else {
            System.arraycopy(s, 0, out, pos, n);
          }
          break;
        }
        default: {
          double[] s = new double[n];
          bb.asDoubleBuffer().get(s);
          for (int i = 0; i < n; i++) {
            out[pos + i] = scale(s[i]);
          }
          break;
        }
      }
      return pos + n;
    }

    private float scale(double raw) {
      return scaled ? (float) (raw * slope + inter) : (float) raw;
    }
  }
}
