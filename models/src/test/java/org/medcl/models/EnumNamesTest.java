package org.medcl.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EnumNamesTest {

  private enum Sync { SYNCHRONISED, PER_REPLICA }

  @Test
  void namesAreLowerCase_andParseIgnoresCaseBlanksAndDashes() {
    assertEquals("per_replica", EnumNames.key(Sync.PER_REPLICA));
    assertEquals(Sync.PER_REPLICA, EnumNames.parse(Sync.class, " Per-Replica ", "sync"));
    assertEquals(Sync.SYNCHRONISED, EnumNames.parse(Sync.class, "synchronised", "sync"));
    for (Sync s : Sync.values()) {
      assertEquals(s, EnumNames.parse(Sync.class, EnumNames.key(s), "sync"));
    }
  }

  @Test
  void unknownNames_andNull_listTheLegalOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EnumNames.parse(Sync.class, "local", "BatchNorm sync"));
    assertEquals("unknown BatchNorm sync 'local', expected one of synchronised, per_replica",
        e.getMessage());
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
        () -> EnumNames.parse(Sync.class, null, "sync"));
    assertEquals("unknown sync 'null', expected one of synchronised, per_replica",
        n.getMessage());
  }
}
