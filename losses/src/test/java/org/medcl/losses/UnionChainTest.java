package org.medcl.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnionChainTest {

  @Test
  void mscmr_isMyoLvThenAllClasses() {
    UnionChain c = UnionChain.mscmr();
    assertEquals(3, c.numClasses());
    assertEquals(List.of(Set.of(2, 3), Set.of(1, 2, 3)), c.unions());
    assertEquals(5, c.numMaps());
    assertEquals(3, c.unionChannel(0));
    assertEquals(4, c.unionChannel(1));
    assertArrayEquals(new int[] {1, 2}, c.classChannels(0));
    assertArrayEquals(new int[] {0, 1, 2}, c.classChannels(1));
    assertArrayEquals(new int[] {2, 3}, c.targetChannels(0));
  }

  @Test
  void notNested_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new UnionChain(3, List.of(Set.of(1, 2), Set.of(2, 3))));
    assertEquals("expected union 1 to hold at least 2 classes and strictly contain the previous"
        + " union [1, 2], found [2, 3]", e.getMessage());
  }

  @Test
  void wrongNumberOfUnions_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new UnionChain(3, List.of(Set.of(1, 2, 3))));
    assertEquals("expected 2 unions for 3 classes, found 1", e.getMessage());
  }

  @Test
  void classOutsideRange_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new UnionChain(2, List.of(Set.of(0, 1))));
    assertEquals("expected union classes in 1..2, found 0 in union 0 [0, 1]", e.getMessage());
  }

  @Test
  void singleClassUnion_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new UnionChain(2, List.of(Set.of(1))));
    assertEquals("expected union 0 to hold at least 2 classes and strictly contain the previous"
        + " union [], found [1]", e.getMessage());
  }

  @Test
  void unionsAreCopied_andImmutable() {
    UnionChain c = UnionChain.mscmr();
    assertThrows(UnsupportedOperationException.class, () -> c.unions().get(0).add(1));
  }
}
