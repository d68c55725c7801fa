package org.medcl.tools.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcl.tools.postprocess.ConnectedComponents.Connectivity;

class ConnectedComponentsTest {

  private static int at(int x, int y, int z, int nx, int ny) {
    return x + nx * (y + ny * z);
  }

  @Test
  void lineWithTwoRuns_keepsTheLongerRun() {
    int[] out = ConnectedComponents.of(4, 1, 1).keepLargest(new int[] {1, 1, 0, 1});
    assertArrayEquals(new int[] {1, 1, 0, 0}, out);
  }

  @Test
  void cornerNeighbours_linkWith26ButNotWith6() {
    // Class 1 at (0,0,0) and (1,1,1) (corner neighbours) and at (3,0,0) alone.
    // 26-connectivity: {(0,0,0), (1,1,1)} has 2 voxels and wins; (3,0,0) is cleared.
    // 6-connectivity: three single voxels tie; the lowest index (0,0,0) is kept.
    int n = 4;
    int[] v = new int[n * n * n];
    v[at(0, 0, 0, n, n)] = 1;
    v[at(1, 1, 1, n, n)] = 1;
    v[at(3, 0, 0, n, n)] = 1;

    int[] full = new ConnectedComponents(n, n, n, Connectivity.FULL_26).keepLargest(v);
    int[] expectedFull = new int[v.length];
    expectedFull[at(0, 0, 0, n, n)] = 1;
    expectedFull[at(1, 1, 1, n, n)] = 1;
    assertArrayEquals(expectedFull, full);

    int[] face = new ConnectedComponents(n, n, n, Connectivity.FACE_6).keepLargest(v);
    int[] expectedFace = new int[v.length];
    expectedFace[at(0, 0, 0, n, n)] = 1;
    assertArrayEquals(expectedFace, face);
  }

  @Test
  void defaultConnectivity_is26() {
    assertEquals(Connectivity.FULL_26, ConnectedComponents.DEFAULT_CONNECTIVITY);
    // Two slices whose voxels touch along an edge only: (0,0,0) and (1,0,1) stay together.
    int[] v = new int[3 * 1 * 2];
    v[at(0, 0, 0, 3, 1)] = 2;
    v[at(1, 0, 1, 3, 1)] = 2;
    assertArrayEquals(v, ConnectedComponents.of(3, 1, 2).keepLargest(v));
  }

  @Test
  void otherLabels_doNotLinkAClass() {
    // Row 1 1 2 1 1 1: class 1 splits at the class-2 voxel; the run of three is kept, class 2
    // (one component) is untouched.
    int[] out = ConnectedComponents.of(6, 1, 1).keepLargest(new int[] {1, 1, 2, 1, 1, 1});
    assertArrayEquals(new int[] {0, 0, 2, 1, 1, 1}, out);
  }

  @Test
  void eachClass_keepsItsOwnLargest() {
    // Slice 5 x 2, rows y=0: 3 3 0 3 1 and y=1: 1 0 0 0 1. Class 1 has two components,
    // {(4,0), (4,1)} and {(0,1)}; class 3 has {(0,0), (1,0)} and {(3,0)}.
    int[] v = {3, 3, 0, 3, 1, 1, 0, 0, 0, 1};
    int[] out = ConnectedComponents.of(5, 2, 1).keepLargest(v);
    assertArrayEquals(new int[] {3, 3, 0, 0, 1, 0, 0, 0, 0, 1}, out);
  }

  @Test
  void unlistedClasses_areLeftAsTheyAre() {
    int[] v = {1, 0, 1, 1, 2, 0, 2};
    int[] out = ConnectedComponents.of(7, 1, 1).keepLargest(v, new int[] {1});
    assertArrayEquals(new int[] {0, 0, 1, 1, 2, 0, 2}, out);
  }

  @Test
  void input_isNotModified() {
    int[] v = {1, 0, 1, 1};
    ConnectedComponents.of(4, 1, 1).keepLargest(v);
    assertArrayEquals(new int[] {1, 0, 1, 1}, v);
  }

  @Test
  void byteVolumes_readLabelsAsUnsigned() {
    byte[] v = {(byte) 200, 0, (byte) 200, (byte) 200};
    byte[] out = ConnectedComponents.of(4, 1, 1).keepLargest(v);
    assertArrayEquals(new byte[] {0, 0, (byte) 200, (byte) 200}, out);
  }

  @Test
  void wrongLength_isRejectedWithBothSizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConnectedComponents.of(2, 2, 2).keepLargest(new int[7]));
    assertEquals("expected 8 voxels (2 x 2 x 2), found 7", e.getMessage());
  }

  @Test
  void backgroundClass_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConnectedComponents.of(2, 1, 1).keepLargest(new int[2], new int[] {0, 1}));
    assertEquals("expected foreground classes, found background label 0 in [0, 1]",
        e.getMessage());
  }

  @Test
  void missingConnectivity_isRejectedListingTheLegalOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ConnectedComponents(2, 2, 2, null));
    assertEquals("expected a connectivity, one of [FACE_6, FULL_26], found null",
        e.getMessage());
  }

  @Test
  void anchoredClass_keepsItsLargestComponentTouchingTheAnchor() {
    // Line of 12: MYO (2) at 0-1 touches LV (3) at 2-4; a bigger MYO run at 6-9 touches nothing;
    // LV 11 alone. LV keeps 2-4; MYO keeps 0-1 (2 voxels) over 6-9 (4) because it is anchored.
    int[] v = {2, 2, 3, 3, 3, 0, 2, 2, 2, 2, 0, 3};
    int[] anchored = ConnectedComponents.of(12, 1, 1).keepLargest(v, Map.of(2, 3));
    assertArrayEquals(new int[] {2, 2, 3, 3, 3, 0, 0, 0, 0, 0, 0, 0}, anchored);
    int[] plain = ConnectedComponents.of(12, 1, 1).keepLargest(v);
    assertArrayEquals(new int[] {0, 0, 3, 3, 3, 0, 2, 2, 2, 2, 0, 0}, plain);
  }

  @Test
  void anchoredClass_choosesTheLargestTouchingOne_andFallsBackWhenNoneTouches() {
    // 2D 5 x 3, z = 1. LV (3) at the centre column x = 2; MYO (2) runs left (x = 0..1, row 0:
    // 2 voxels, touching) and right (x = 3..4, rows 0..2: 6 voxels, touching): the right wins.
    int[] v = {
        2, 2, 3, 2, 2,
        0, 0, 3, 2, 2,
        0, 0, 3, 2, 2};
    int[] out = ConnectedComponents.of(5, 3, 1).keepLargest(v, Map.of(2, 3));
    assertArrayEquals(new int[] {
        0, 0, 3, 2, 2,
        0, 0, 3, 2, 2,
        0, 0, 3, 2, 2}, out);
    // No MYO touches the LV: MYO keeps its largest component as without the anchor.
    int[] apart = {2, 0, 3, 0, 2, 2};
    assertArrayEquals(new int[] {0, 0, 3, 0, 2, 2},
        ConnectedComponents.of(6, 1, 1).keepLargest(apart, Map.of(2, 3)));
    // No LV at all: the anchor changes nothing.
    int[] noLv = {2, 0, 2, 2};
    assertArrayEquals(new int[] {0, 0, 2, 2},
        ConnectedComponents.of(4, 1, 1).keepLargest(noLv, Map.of(2, 3)));
  }

  @Test
  void anchorsAcrossSlices_touchThroughEdges() {
    // 4 x 1 x 2: LV at (0,0,0); MYO A at (1,0,1), an edge neighbour of the LV in the next
    // slice (1 voxel); MYO B at (3,0,0) and (3,0,1) (2 voxels), touching neither. Anchored, A
    // is kept; with 6-connectivity A does not touch the LV and B is kept.
    int[] v = new int[8];
    v[0] = 3;
    v[1 + 4] = 2;
    v[3] = 2;
    v[3 + 4] = 2;
    int[] full = ConnectedComponents.of(4, 1, 2).keepLargest(v, Map.of(2, 3));
    int[] expectA = new int[8];
    expectA[0] = 3;
    expectA[1 + 4] = 2;
    assertArrayEquals(expectA, full);
    int[] face = new ConnectedComponents(4, 1, 2, Connectivity.FACE_6).keepLargest(v,
        Map.of(2, 3));
    int[] expectB = new int[8];
    expectB[0] = 3;
    expectB[3] = 2;
    expectB[3 + 4] = 2;
    assertArrayEquals(expectB, face);
  }

  @Test
  void chainedAnchors_resolveTheAnchorFirst() {
    // 14 x 1 x 1, RV 1, MYO 2, LV 3: RV 1 1 1 | MYO 2 2 2 | LV 3 3 | MYO 2 | RV 1 | 0 | RV 1 1 1
    //                                   (0-2)     (3-5)       (6-7)    (8)     (9)        (11-13)
    // LV keeps 6-7. MYO keeps 3-5 (3 voxels, touching) over 8 (1, touching): both touch, the
    // larger wins. RV anchored on that MYO keeps 0-2 (3 voxels, touching 3-5) over 11-13 (3,
    // touching nothing) and 9 (touches the dropped MYO 8 only). In the second line the far RV
    // run is the larger, so the anchor decides: kept with MYO on LV alone, dropped in the chain.
    int[] v = {1, 1, 1, 2, 2, 2, 3, 3, 2, 1, 0, 1, 1, 1};
    ConnectedComponents cc = ConnectedComponents.of(14, 1, 1);
    Map<Integer, Integer> chain = Map.of(2, 3, 1, 2);
    assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2, 3, 3, 0, 0, 0, 0, 0, 0},
        cc.keepLargest(v, chain));
    int[] far = {1, 2, 2, 3, 0, 1, 1, 1};
    ConnectedComponents c8 = ConnectedComponents.of(8, 1, 1);
    assertArrayEquals(new int[] {1, 2, 2, 3, 0, 0, 0, 0}, c8.keepLargest(far, chain));
    assertArrayEquals(new int[] {0, 2, 2, 3, 0, 1, 1, 1}, c8.keepLargest(far, Map.of(2, 3)));
  }

  @Test
  void selfOrCyclicAnchors_areRejected() {
    ConnectedComponents cc = ConnectedComponents.of(3, 1, 1);
    IllegalArgumentException self = assertThrows(IllegalArgumentException.class,
        () -> cc.keepLargest(new int[] {1, 2, 3}, Map.of(2, 2)));
    assertTrue(self.getMessage().contains("class 2 anchored on itself"), self.getMessage());
    IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class,
        () -> cc.keepLargest(new int[] {1, 2, 3}, Map.of(1, 2, 2, 3, 3, 1)));
    assertTrue(cycle.getMessage().startsWith("expected anchors without a cycle"),
        cycle.getMessage());
  }

  @Test
  void heartAnchors_putMyoOnLv_andRvOnMyo_byName() {
    assertEquals(Map.of(2, 3, 1, 2),
        ConnectedComponents.heartAnchors(List.of("RV", "MYO", "LV"), new int[] {1, 2, 3}));
    assertEquals(Map.of(200, 500),
        ConnectedComponents.heartAnchors(List.of("lv", "myo"), new int[] {500, 200}));
    assertEquals(Map.of(),
        ConnectedComponents.heartAnchors(List.of("RV", "MYO"), new int[] {1, 2}));
  }
}
