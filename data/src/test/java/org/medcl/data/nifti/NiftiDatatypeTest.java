package org.medcl.data.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NiftiDatatypeTest {
  @ParameterizedTest
  @CsvSource({"2, UINT8, 8", "256, INT8, 8", "4, INT16, 16", "512, UINT16, 16", "8, INT32, 32",
      "768, UINT32, 32", "1024, INT64, 64", "16, FLOAT32, 32", "64, FLOAT64, 64"})
  void standardCode_mapsToTypeAndBitpix(int code, NiftiDatatype type, int bitpix) {
    assertEquals(type, NiftiDatatype.fromCode(code));
    assertEquals(bitpix, type.bitpix());
    assertEquals(code, type.code());
  }

  @Test
  void rgb24_isUnsupportedAndTheMessageListsLegalCodes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NiftiDatatype.fromCode(128));
    assertEquals("datatype 128 (rgb24) is not supported, expected one of uint8(2), int8(256), "
        + "int16(4), uint16(512), int32(8), uint32(768), int64(1024), float32(16), float64(64)",
        e.getMessage());
  }
}
