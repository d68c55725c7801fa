package org.medcl.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrecisionTest {

  @Test
  void parse_acceptsKeysInAnyCase() {
    assertEquals(Precision.FLOAT32, Precision.parse("float32"));
    assertEquals(Precision.BFLOAT16, Precision.parse(" BFloat16 "));
  }

  @Test
  void parse_rejectsOtherValues_listingTheLegalOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Precision.parse("fp16"));
    assertEquals("unknown precision 'fp16', expected one of float32, bfloat16", e.getMessage());
  }

  @Test
  void cpuFlags_areReadFromCpuinfo(@TempDir Path dir) throws IOException {
    Path with = dir.resolve("with");
    Files.writeString(with, "processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512_bf16 vnni\n");
    Path amx = dir.resolve("amx");
    Files.writeString(amx, "flags\t\t: fpu avx2 amx_bf16 amx_tile\n");
    Path without = dir.resolve("without");
    // avx512_bf16x is not avx512_bf16: flags are matched whole
    Files.writeString(without, "flags\t\t: fpu avx2 avx512f avx512_bf16x\nbugs\t: avx512_bf16\n");
    assertTrue(Precision.bfloat16Supported(with));
    assertTrue(Precision.bfloat16Supported(amx));
    assertFalse(Precision.bfloat16Supported(without));
    assertFalse(Precision.bfloat16Supported(dir.resolve("missing")));
  }
}
