package org.medcl.data.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcl.data.Geometry;
import org.medcl.data.RealData;
import org.medcl.data.TestVolumes;
import org.medcl.data.Volume;

class NiftiReaderTest {
  @TempDir
  Path dir;

  /** A valid little-endian NIfTI-1 .nii of 2 x 2 x 2 int16 values 0..7, as bytes. */
  private byte[] validNii(NiftiDatatype type) throws IOException {
    float[] v = {0, 1, 2, 3, 4, 5, 6, 7};
    Path p = dir.resolve("valid.nii");
    NiftiWriter.write(TestVolumes.of(2, 2, 2, new double[] {1, 1, 1}, v), p,
        NiftiWriter.Options.of(type));
    byte[] b = Files.readAllBytes(p);
    Files.delete(p);
    return b;
  }

  private Path save(byte[] bytes, String name, boolean gzip) throws IOException {
    Path p = dir.resolve(name);
    if (gzip) {
      TestVolumes.gzip(bytes, p);
    } else {
      Files.write(p, bytes);
    }
    return p;
  }

  private static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void assertMessage(NiftiException e, Path file, String detail) {
    assertEquals(file + ": " + detail, e.getMessage());
    assertEquals(file, e.file());
  }

  @Test
  void handBuiltBigEndianHeader_isDecodedWithScaling() throws Exception {
    // NIfTI-1, big-endian, 2 x 1 x 1 int16 raw values {-3, 7}, slope 2, inter 1 -> {-5, 15}
    ByteBuffer b = ByteBuffer.allocate(352 + 4).order(ByteOrder.BIG_ENDIAN);
    b.putInt(0, 348);
    short[] dim = {3, 2, 1, 1, 1, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
      b.putShort(40 + 2 * i, dim[i]);
    }
    b.putShort(70, (short) 4);
    b.putShort(72, (short) 16);
    float[] pixdim = {1, 0.5f, 0.25f, 4, 0, 0, 0, 0};
    for (int i = 0; i < 8; i++) {
      b.putFloat(76 + 4 * i, pixdim[i]);
    }
    b.putFloat(108, 352);
    b.putFloat(112, 2);
    b.putFloat(116, 1);
    b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
    b.putShort(352, (short) -3).putShort(354, (short) 7);
    Path p = save(b.array(), "be.nii", false);
    Volume v = NiftiReader.read(p);
    assertArrayEquals(new float[] {-5, 15}, v.copyData());
    assertArrayEquals(new double[] {0.5, 0.25, 4}, v.spacing(), 0);
    assertEquals(NiftiDatatype.INT16, v.datatype());
  }

  @Test
  void slopeZero_meansNoScaling() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    le(b).putFloat(112, 0).putFloat(116, 100);
    Volume v = NiftiReader.read(save(b, "s.nii", false));
    assertEquals(7, v.get(7));
  }

  @Test
  void fourDimensions_giveChannels() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    // the 8 voxels as 2 x 2 x 1 x 2: channel 1 holds values 4..7
    le(b).putShort(40, (short) 4).putShort(46, (short) 1).putShort(48, (short) 2);
    Volume v = NiftiReader.read(save(b, "4d.nii", false));
    assertEquals(2, v.channels());
    assertEquals(1, v.nz());
    assertEquals(6, v.get(0, 1, 0, 1));
  }

  @Test
  void missingFile_isNamed() {
    Path p = dir.resolve("absent.nii.gz");
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertMessage(e, p, "file not found, expected a NIfTI file (.nii or .nii.gz)");
  }

  @Test
  void truncatedGzip_isReported() throws Exception {
    Path full = dir.resolve("full.nii.gz");
    NiftiWriter.write(TestVolumes.coded(20, 20, 5, 1, Geometry.ofSpacing(1, 1, 1)), full,
        NiftiWriter.Options.of(NiftiDatatype.FLOAT32));
    byte[] gz = Files.readAllBytes(full);
    Path p = save(Arrays.copyOf(gz, gz.length / 2), "cut.nii.gz", false);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertTrue(e.getMessage().startsWith(p + ": truncated gzip stream"), e.getMessage());
  }

  @Test
  void truncatedTrailer_isReported() throws Exception {
    Path full = dir.resolve("full.nii.gz");
    NiftiWriter.write(TestVolumes.coded(4, 4, 2, 1, Geometry.ofSpacing(1, 1, 1)), full,
        NiftiWriter.Options.of(NiftiDatatype.INT16));
    byte[] gz = Files.readAllBytes(full);
    // drop the 8-byte CRC/length trailer: all voxel data are still there
    Path p = save(Arrays.copyOf(gz, gz.length - 8), "notrailer.nii.gz", false);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertTrue(e.getMessage().startsWith(p + ": truncated gzip stream"), e.getMessage());
  }

  @Test
  void corruptGzip_isReported() throws Exception {
    Path full = dir.resolve("full.nii.gz");
    NiftiWriter.write(TestVolumes.coded(20, 20, 5, 1, Geometry.ofSpacing(1, 1, 1)), full,
        NiftiWriter.Options.of(NiftiDatatype.FLOAT32));
    byte[] gz = Files.readAllBytes(full);
    for (int i = gz.length / 3; i < gz.length / 3 + 16; i++) {
      gz[i] = (byte) ~gz[i];
    }
    Path p = save(gz, "corrupt.nii.gz", false);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertTrue(e.getMessage().startsWith(p + ": corrupt gzip data"), e.getMessage());
  }

  @Test
  void headerSizeNeither348Nor540_isReportedBothWays() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    le(b).putInt(0, 100);
    Path p = save(b, "size.nii", false);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    // bytes 64 00 00 00 read big-endian are 0x64000000 = 1677721600
    assertMessage(e, p, "header size (sizeof_hdr) is 100 read little-endian, 1677721600 "
        + "big-endian, expected 348 (NIfTI-1) or 540 (NIfTI-2)");
  }

  @Test
  void shortFile_isReported() throws Exception {
    byte[] b = Arrays.copyOf(validNii(NiftiDatatype.INT16), 100);
    Path p = save(b, "short.nii.gz", true);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertMessage(e, p, "file ends after 100 bytes, expected a 348-byte NIfTI-1 header");
  }

  @Test
  void wrongMagic_isQuoted() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    b[344] = 'a';
    b[345] = 'b';
    b[346] = 'c';
    Path p = save(b, "magic.nii", false);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertMessage(e, p, "magic is 'abc\\x00', expected 'n+1' (single-file NIfTI)");
  }

  @Test
  void headerImagePairMagic_isNamedAsUnsupported() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    b[345] = 'i';
    Path p = save(b, "pair.nii", false);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertMessage(e, p, "magic is 'ni1\\x00' (a header/image pair, which is not supported), "
        + "expected 'n+1' (single-file NIfTI)");
  }

  @Test
  void zeroDimension_isReported() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    le(b).putShort(44, (short) 0);
    Path p = save(b, "dim0.nii.gz", true);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertMessage(e, p, "dim[2] is 0, expected >= 1");
  }

  @Test
  void negativeDimension_isReported() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    le(b).putShort(46, (short) -2);
    Path p = save(b, "neg.nii", false);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertMessage(e, p, "dim[3] is -2, expected >= 1");
  }

  @Test
  void eightDimensions_areReported() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    le(b).putShort(40, (short) 8);
    Path p = save(b, "dim8.nii", false);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertMessage(e, p, "dim[0] (number of dimensions) is 8, expected 1 to 7");
  }

  @Test
  void fifthAxisAboveOne_isReported() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    le(b).putShort(40, (short) 5).putShort(48, (short) 1).putShort(50, (short) 2);
    Path p = save(b, "dim5.nii", false);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertMessage(e, p, "dim[5] is 2, expected 1 (only 3D volumes and 4D volumes with channels "
        + "are supported)");
  }

  @Test
  void unsupportedDatatype_isReported() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    le(b).putShort(70, (short) 128);
    Path p = save(b, "rgb.nii", false);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertTrue(e.getMessage().startsWith(p + ": datatype 128 (rgb24) is not supported, "
        + "expected one of uint8(2)"), e.getMessage());
  }

  @Test
  void moreVoxelsThanAPlainFileHolds_isReportedBeforeReading() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    le(b).putShort(46, (short) 3);
    Path p = save(b, "big.nii", false);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    // 2 x 2 x 3 = 12 declared; 16 data bytes after offset 352 hold 8 int16 voxels
    assertMessage(e, p, "declared 12 voxels of int16 (24 bytes from offset 352), file holds 8 "
        + "voxels");
  }

  @Test
  void moreVoxelsThanAGzipStreamHolds_failsAtEndOfStream() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    le(b).putShort(46, (short) 3);
    Path p = save(b, "big.nii.gz", true);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertMessage(e, p, "declared 12 voxels of int16, file holds 8 voxels");
  }

  @Test
  void hugeDeclaredCountInSmallGzip_isRejectedBeforeAllocating() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    // 1000 x 1000 x 1000 int16 = 2e9 bytes, far beyond 1100 x a file of well under 1 kB
    le(b).putShort(42, (short) 1000).putShort(44, (short) 1000).putShort(46, (short) 1000);
    Path p = save(b, "liar.nii.gz", true);
    long size = Files.size(p);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertMessage(e, p, "declared 1000000000 voxels of int16 (2000000000 bytes), a gzip file of "
        + size + " bytes holds at most " + size * 1100 / 2 + " voxels");
  }

  @Test
  void countBeyondJavaArray_isRejected() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    le(b).putShort(42, (short) 30000).putShort(44, (short) 30000).putShort(46, (short) 30000);
    Path p = save(b, "huge.nii", false);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertMessage(e, p, "declares more than 2147483639 voxels, more than one Java array can "
        + "hold");
  }

  @Test
  void nanVoxel_isReportedWithItsPosition() throws Exception {
    byte[] b = validNii(NiftiDatatype.FLOAT32);
    // voxel index 5 = (x 1, y 0, z 1) in a 2 x 2 x 2 volume
    le(b).putFloat(352 + 5 * 4, Float.NaN);
    Path p = save(b, "nan.nii", false);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertMessage(e, p, "1 non-finite voxels, first NaN at (x=1, y=0, z=1, c=0), expected "
        + "finite values");
  }

  @Test
  void infiniteVoxels_inGzip_areCounted() throws Exception {
    byte[] b = validNii(NiftiDatatype.FLOAT32);
    le(b).putFloat(352 + 2 * 4, Float.POSITIVE_INFINITY).putFloat(352 + 7 * 4,
        Float.NEGATIVE_INFINITY);
    Path p = save(b, "inf.nii.gz", true);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(p));
    assertMessage(e, p, "2 non-finite voxels, first Infinity at (x=0, y=1, z=0, c=0), expected "
        + "finite values");
  }

  @Test
  void headerOnly_readsShapeWithoutData() throws Exception {
    byte[] b = validNii(NiftiDatatype.INT16);
    // cut the data: the header is still complete
    Path p = save(Arrays.copyOf(b, 352), "hdr.nii", false);
    NiftiHeader h = NiftiReader.readHeader(p);
    assertEquals(8, h.totalVoxels());
    assertEquals(NiftiDatatype.INT16, h.datatype());
  }

  // ------------------------------------------------------------------ real data, in place

  private static List<Path> realFiles() throws IOException {
    try (Stream<Path> s = Files.walk(RealData.root())) {
      return s.filter(f -> f.toString().endsWith(".nii.gz")).sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void realHeaders_matchAnIndependentDecodeOfTheBytes() throws Exception {
    List<Path> files = realFiles();
    assertEquals(60, files.size());
    for (Path f : files) {
      byte[] raw = new byte[352];
      try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(f))) {
        assertEquals(352, in.readNBytes(raw, 0, 352));
      }
      ByteBuffer b = RealData.le(raw);
      NiftiHeader h = NiftiReader.readHeader(f);
      assertEquals(b.getShort(42), h.nx(), f.toString());
      assertEquals(b.getShort(44), h.ny(), f.toString());
      assertEquals(b.getShort(46), h.nz(), f.toString());
      assertEquals(b.getFloat(80), h.spacing()[0], 0, f.toString());
      assertEquals(b.getFloat(84), h.spacing()[1], 0, f.toString());
      assertEquals(b.getFloat(88), h.spacing()[2], 0, f.toString());
      assertEquals(b.getShort(254), h.geometry().sformCode(), f.toString());
    }
  }

  @Test
  void realSubject20_comesOutScaledBySlope() throws Exception {
    Path f = RealData.root().resolve("train/images/subject20_DE.nii.gz");
    byte[] raw = RealData.inflate(f);
    ByteBuffer b = RealData.le(raw);
    float slope = b.getFloat(112);
    float inter = b.getFloat(116);
    assertTrue(Math.abs(slope - 1) > 0.1, "subject20 is stored with a slope, found " + slope);
    Volume v = NiftiReader.read(f);
    int n = v.size();
    // value = raw int16 * slope + inter, checked on every 997th voxel
    for (int i = 0; i < n; i += 997) {
      double expected = b.getShort(352 + 2 * i) * (double) slope + inter;
      assertEquals((float) expected, v.get(i), "voxel " + i);
    }
  }

  @Test
  void realSubject26_maxIsRawMaxTimesSlope() throws Exception {
    Path f = RealData.root().resolve("train/images/subject26_DE.nii.gz");
    ByteBuffer b = RealData.le(RealData.inflate(f));
    double slope = b.getFloat(112);
    double inter = b.getFloat(116);
    int rawMax = Short.MIN_VALUE;
    Volume v = NiftiReader.read(f);
    for (int i = 0; i < v.size(); i++) {
      rawMax = Math.max(rawMax, b.getShort(352 + 2 * i));
    }
    assertEquals((float) (rawMax * slope + inter), v.max());
    assertTrue(v.max() != rawMax, "scaled max differs from the raw max " + rawMax);
  }
}
