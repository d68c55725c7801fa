package org.medcl.data.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medcl.data.Geometry;
import org.medcl.data.TestVolumes;
import org.medcl.data.Volume;

class NiftiWriterTest {
  @TempDir
  Path dir;

  /** Every datatype x byte order x NIfTI version x plain/gzip. */
  static Stream<Arguments> formats() {
    List<Arguments> out = new ArrayList<>();
    for (NiftiDatatype t : NiftiDatatype.values()) {
      for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
        for (int version : new int[] {1, 2}) {
          for (String ext : new String[] {".nii", ".nii.gz"}) {
            out.add(Arguments.of(t, o, version, ext));
          }
        }
      }
    }
    return out.stream();
  }

  /** Values that the type stores exactly and a float holds exactly, extremes included. */
  private static float[] valuesFor(NiftiDatatype t, int n) {
    float[] v = new float[n];
    float lo = (float) Math.max(t.minValue(), -(1 << 24));
    float hi = (float) Math.min(t.maxValue(), 1 << 24);
    for (int i = 0; i < n; i++) {
      v[i] = t.isInteger() ? (float) Math.floor(lo + (hi - lo) * ((i * 37) % n) / (n - 1))
          : (float) (Math.sin(i) * 1e3 + i * 0.125);
    }
    v[0] = lo;
    v[n - 1] = hi;
    return v;
  }

  /** The oblique geometry as NIfTI-1 stores it (every field rounded to float). */
  private static Geometry floatRounded(Geometry g) {
    double[] p = round(g.pixdim());
    double[][] s = g.srow();
    for (int i = 0; i < 3; i++) {
      s[i] = round(s[i]);
    }
    return new Geometry(p, g.qformCode(), g.sformCode(), round(g.quatern()), round(g.qoffset()),
        s, g.xyztUnits());
  }

  private static double[] round(double[] a) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = (float) a[i];
    }
    return r;
  }

  @ParameterizedTest(name = "{0} {1} NIfTI-{2} {3}")
  @MethodSource("formats")
  void writeThenRead_isExactInDataAndGeometry(NiftiDatatype t, ByteOrder order, int version,
      String ext) throws Exception {
    Geometry g = version == 1 ? floatRounded(TestVolumes.oblique()) : TestVolumes.oblique();
    float[] values = valuesFor(t, 5 * 4 * 3 * 2);
    Volume v = Volume.builder().dims(5, 4, 3, 2).data(values).geometry(g).build();
    Path file = dir.resolve("v" + ext);
    NiftiWriter.write(v, file, NiftiWriter.Options.of(t).withByteOrder(order)
        .withVersion(version));

    NiftiHeader h = NiftiReader.readHeader(file);
    assertEquals(version, h.version());
    assertEquals(order, h.byteOrder());
    Volume r = NiftiReader.read(file);
    assertEquals(t, r.datatype());
    assertEquals(2, r.channels());
    assertEquals("5 x 4 x 3 x 2", r.shapeString());
    assertArrayEquals(values, r.copyData());
    assertEquals(g, r.geometry());
    assertEquals(1, TestVolumes.fileCount(dir), "only the target file is left");
  }

  @Test
  void slopeAndInter_roundTripThroughInt16() throws Exception {
    // stored raw r in -5..6 gives value r * 0.5 - 3, exact in float
    float[] values = new float[12];
    for (int i = 0; i < 12; i++) {
      values[i] = (i - 5) * 0.5f - 3;
    }
    Volume v = TestVolumes.of(3, 2, 2, new double[] {1, 1, 1}, values);
    Path file = dir.resolve("scaled.nii.gz");
    NiftiWriter.write(v, file, NiftiWriter.Options.of(NiftiDatatype.INT16).withScaling(0.5, -3));
    NiftiHeader h = NiftiReader.readHeader(file);
    assertEquals(0.5, h.slope());
    assertEquals(-3, h.inter());
    assertArrayEquals(values, NiftiReader.read(file).copyData());
  }

  @Test
  void labels_takeTheReferenceGeometryAndUint8() throws Exception {
    Geometry g = floatRounded(TestVolumes.oblique());
    Volume image = TestVolumes.coded(4, 3, 2, 1, g);
    float[] lab = new float[24];
    for (int i = 0; i < 24; i++) {
      lab[i] = i % 5;
    }
    Volume labels = TestVolumes.of(4, 3, 2, new double[] {1, 1, 1}, lab);
    Path file = dir.resolve("pred.nii.gz");
    NiftiWriter.writeLabels(labels, image, file);
    Volume r = NiftiReader.read(file);
    assertEquals(NiftiDatatype.UINT8, r.datatype());
    assertEquals(image.geometry(), r.geometry());
    assertArrayEquals(image.affine()[0], r.affine()[0], 0);
    assertArrayEquals(lab, r.copyData());
  }

  @Test
  void labelsAbove255_areWrittenAsInt16() throws Exception {
    Volume labels = TestVolumes.of(2, 1, 1, new double[] {1, 1, 1}, 0, 300);
    Path file = dir.resolve("big.nii.gz");
    NiftiWriter.writeLabels(labels, file);
    Volume r = NiftiReader.read(file);
    assertEquals(NiftiDatatype.INT16, r.datatype());
    assertEquals(300, r.get(1));
  }

  @Test
  void floatVolume_withReference_keepsValues() throws Exception {
    Volume image = TestVolumes.coded(3, 3, 1, 1, TestVolumes.oblique());
    Volume prob = TestVolumes.of(3, 3, 1, new double[] {1, 1, 1},
        0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f);
    Path file = dir.resolve("p.nii.gz");
    NiftiWriter.writeFloat(prob, image, file);
    Volume r = NiftiReader.read(file);
    assertArrayEquals(prob.copyData(), r.copyData());
    assertEquals(NiftiDatatype.FLOAT32, r.datatype());
  }

  @Test
  void referenceOfOtherShape_isRejected() {
    Volume a = TestVolumes.filled(2, 2, 2, new double[] {1, 1, 1}, 0);
    Volume b = TestVolumes.filled(2, 3, 2, new double[] {1, 1, 1}, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NiftiWriter.writeLabels(a, b, dir.resolve("x.nii.gz")));
    assertEquals("volume is 2 x 2 x 2, expected the reference's shape 2 x 3 x 2 (<in memory>)",
        e.getMessage());
  }

  @Test
  void fractionalLabel_isRejectedAndNothingIsWritten() throws Exception {
    Volume v = TestVolumes.of(2, 1, 1, new double[] {1, 1, 1}, 1, 1.5f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NiftiWriter.write(v, dir.resolve("x.nii.gz"),
            NiftiWriter.Options.of(NiftiDatatype.UINT8)));
    assertEquals("value 1.5 at index 1 of <in memory> is stored as 1.5, expected an integer in "
        + "0..255 for uint8", e.getMessage());
    assertEquals(0, TestVolumes.fileCount(dir));
  }

  @Test
  void outOfRangeValue_isRejected() {
    Volume v = TestVolumes.of(1, 1, 1, new double[] {1, 1, 1}, -1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NiftiWriter.write(v, dir.resolve("x.nii"),
            NiftiWriter.Options.of(NiftiDatatype.UINT16)));
    assertTrue(e.getMessage().contains("expected an integer in 0..65535 for uint16"),
        e.getMessage());
  }

  @Test
  void missingFolder_failsNamingTheFileAndLeavesNothing() {
    Path out = dir.resolve("no/such/x.nii.gz");
    NiftiException e = assertThrows(NiftiException.class,
        () -> NiftiWriter.write(TestVolumes.filled(1, 1, 1, new double[] {1, 1, 1}, 0), out,
            NiftiWriter.Options.of(NiftiDatatype.UINT8)));
    assertTrue(e.getMessage().startsWith(out.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("no")));
  }

  @Test
  void writtenFile_isReadableByOthers() throws Exception {
    Path file = dir.resolve("x.nii.gz");
    NiftiWriter.write(TestVolumes.filled(1, 1, 1, new double[] {1, 1, 1}, 0), file,
        NiftiWriter.Options.of(NiftiDatatype.UINT8));
    // the process umask decides; a private 0600 temp-file mode must not survive the rename
    assertTrue(Files.getPosixFilePermissions(file).contains(
        java.nio.file.attribute.PosixFilePermission.OTHERS_READ)
        || (umask() & 4) != 0, "mode " + Files.getPosixFilePermissions(file));
  }

  private static int umask() throws Exception {
    Path probe = Files.createTempDirectory("umask").resolve("p");
    Files.newOutputStream(probe).close();
    boolean othersRead = Files.getPosixFilePermissions(probe).contains(
        java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
    Files.delete(probe);
    Files.delete(probe.getParent());
    return othersRead ? 0 : 4;
  }

  @Test
  void existingFile_isReplacedWhole() throws Exception {
    Path file = dir.resolve("x.nii.gz");
    NiftiWriter.write(TestVolumes.filled(4, 4, 4, new double[] {1, 1, 1}, 7), file,
        NiftiWriter.Options.of(NiftiDatatype.UINT8));
    NiftiWriter.write(TestVolumes.filled(1, 1, 1, new double[] {1, 1, 1}, 3), file,
        NiftiWriter.Options.of(NiftiDatatype.UINT8));
    Volume r = NiftiReader.read(file);
    assertEquals(1, r.size());
    assertEquals(3, r.get(0));
    assertEquals(1, TestVolumes.fileCount(dir));
  }

  @Test
  void badVersion_isRejectedListingLegalOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NiftiWriter.Options.of(NiftiDatatype.UINT8).withVersion(3));
    assertEquals("NIfTI version 3, expected 1 or 2", e.getMessage());
  }
}
