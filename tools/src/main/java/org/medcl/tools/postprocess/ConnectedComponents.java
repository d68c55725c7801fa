package org.medcl.tools.postprocess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Keeps the largest 3D connected component of each class of a label volume and sets the voxels
 * of every other component of that class to background (0).
 *
 * <p>Volumes are label maps in NIfTI order (x fastest: index {@code x + nx * (y + ny * z)}) as
 * {@code int[]} or {@code byte[]} (bytes read as unsigned). Each class is processed on its own:
 * a component is a maximal set of voxels of the same label linked through neighbours of the
 * chosen {@link Connectivity} (default {@link #DEFAULT_CONNECTIVITY}); voxels of other labels do
 * not link it. When two components of a class have the same size, the one holding the voxel of
 * lowest index is kept. The input is never modified.
 *
 * <p>A class may be anchored on another: it then keeps its largest component among those
 * touching the anchor's kept component ({@link #heartAnchors}: the myocardium on the left
 * ventricle, the right ventricle on the myocardium). Anchors may chain; a class is resolved
 * after its anchor.
 *
 * <p>Example: the line {@code 1 1 0 1} keeps {@code 1 1 0 0}.
 */
public final class ConnectedComponents {

  /** Which neighbours link two voxels into one component. */
  public enum Connectivity {
    /** The 6 face neighbours. */
    FACE_6,
    /** The 26 neighbours sharing a face, an edge or a corner (scipy's full structure). */
    FULL_26
  }

  /**
   * The default: 26-connectivity (MONAI's {@code KeepLargestConnectedComponent} default). With
   * 5 mm slices, a structure whose cross-sections shift between slices often touches only along
   * an edge; 6-connectivity would split it.
   */
  public static final Connectivity DEFAULT_CONNECTIVITY = Connectivity.FULL_26;

  private final int nx;
  private final int ny;
  private final int nz;
  private final int[][] offsets;

  /** Post-processing for {@code nx x ny x nz} volumes with the given connectivity. */
  public ConnectedComponents(int nx, int ny, int nz, Connectivity connectivity) {
    if (nx < 1 || ny < 1 || nz < 1) {
      throw new IllegalArgumentException(
          "expected positive grid dimensions, found " + nx + " x " + ny + " x " + nz);
    }
    if (connectivity == null) {
      throw new IllegalArgumentException(
          "expected a connectivity, one of " + Arrays.toString(Connectivity.values())
              + ", found null");
    }
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.offsets = offsets(connectivity);
  }

  /** Post-processing for {@code nx x ny x nz} volumes with {@link #DEFAULT_CONNECTIVITY}. */
  public static ConnectedComponents of(int nx, int ny, int nz) {
    return new ConnectedComponents(nx, ny, nz, DEFAULT_CONNECTIVITY);
  }

  /** A copy of {@code labels} with only the largest component of every non-zero label. */
  public int[] keepLargest(int[] labels) {
    return keepLargest(labels, Map.of());
  }

  /**
   * As {@link #keepLargest(int[])}, with anchored classes as in
   * {@link #keepLargest(int[], int[], Map)}.
   */
  public int[] keepLargest(int[] labels, Map<Integer, Integer> anchors) {
    checkLength(labels.length);
    TreeSet<Integer> present = new TreeSet<>();
    for (int v : labels) {
      if (v != 0) {
        present.add(v);
      }
    }
    return keepLargest(labels, present.stream().mapToInt(Integer::intValue).toArray(), anchors);
  }

  /**
   * A copy of {@code labels} with only the largest component of each label in {@code classes};
   * other labels are left as they are.
   */
  public int[] keepLargest(int[] labels, int[] classes) {
    return keepLargest(labels, classes, Map.of());
  }

  /**
   * As {@link #keepLargest(int[], int[])}, except that a class with an anchor keeps the largest
   * of its components that touch (through this connectivity) the kept component of its anchor
   * class, and its largest component when none touches. Example: the myocardium surrounds the
   * left-ventricular blood pool, so with MYO anchored on LV a myocardium-like blob far from the
   * heart is dropped even when it is bigger than the true ring.
   *
   * @param anchors class to anchor class; chains are resolved anchor first and must not form a
   *     cycle; an entry whose class or anchor is not among {@code classes} (or not present)
   *     changes nothing
   */
  public int[] keepLargest(int[] labels, int[] classes, Map<Integer, Integer> anchors) {
    checkLength(labels.length);
    int[] out = labels.clone();
    Map<Integer, Integer> best = new HashMap<>();
    for (int c : classes) {
      if (c == 0) {
        throw new IllegalArgumentException(
            "expected foreground classes, found background label 0 in " + Arrays.toString(classes));
      }
      best.put(c, -1);
    }
    List<Integer> anchored = resolutionOrder(anchors);

    // Label every component of the chosen classes; remember the largest per class.
    int[] component = new int[labels.length];
    int[] queue = new int[labels.length];
    List<Integer> sizes = new ArrayList<>();
    sizes.add(0);
    Map<Integer, Integer> bestSize = new HashMap<>();
    int next = 0;
    for (int seed = 0; seed < labels.length; seed++) {
      int label = labels[seed];
      if (component[seed] != 0 || !best.containsKey(label)) {
        continue;
      }
      next++;
      int size = flood(labels, component, queue, seed, next);
      sizes.add(size);
      if (size > bestSize.getOrDefault(label, 0)) {
        bestSize.put(label, size);
        best.put(label, next);
      }
    }

    // An anchored class keeps its largest component touching its anchor's kept one.
    for (int cls : anchored) {
      int anchorId = best.getOrDefault(anchors.get(cls), -1);
      if (!best.containsKey(cls) || anchorId < 0) {
        continue;
      }
      int touching = -1;
      for (int i = 0; i < labels.length; i++) {
        if (component[i] != anchorId) {
          continue;
        }
        for (int j : neighbours(i)) {
          if (labels[j] != cls) {
            continue;
          }
          int id = component[j];
          int size = sizes.get(id);
          int kept = touching < 0 ? -1 : sizes.get(touching);
          // larger wins; on a tie, the component seeded at the lower index (lower id)
          if (size > kept || (size == kept && id < touching)) {
            touching = id;
          }
        }
      }
      if (touching > 0) {
        best.put(cls, touching);
      }
    }

    // Clear every component that is not its class's kept one.
    for (int i = 0; i < out.length; i++) {
      if (component[i] != 0 && component[i] != best.get(labels[i])) {
        out[i] = 0;
      }
    }
    return out;
  }

  /**
   * The anchored classes in an order where each comes after its anchor (when that is anchored
   * too), ties by class value.
   *
   * @throws IllegalArgumentException for a class anchored on itself or a cycle of anchors
   */
  private static List<Integer> resolutionOrder(Map<Integer, Integer> anchors) {
    List<Integer> order = new ArrayList<>();
    TreeSet<Integer> left = new TreeSet<>(anchors.keySet());
    while (!left.isEmpty()) {
      Integer ready = null;
      for (int c : left) {
        int a = anchors.get(c);
        if (a == c) {
          throw new IllegalArgumentException("expected anchors between distinct classes, found "
              + "class " + c + " anchored on itself in " + anchors);
        }
        if (!left.contains(a)) {
          ready = c;
          break;
        }
      }
      if (ready == null) {
        throw new IllegalArgumentException("expected anchors without a cycle, found " + anchors);
      }
      order.add(ready);
      left.remove(ready);
    }
    return order;
  }

  /** The in-grid neighbours of voxel {@code i}. */
  private int[] neighbours(int i) {
    int x = i % nx;
    int y = (i / nx) % ny;
    int z = i / (nx * ny);
    int[] out = new int[offsets.length];
    int n = 0;
    for (int[] o : offsets) {
      int px = x + o[0];
      int py = y + o[1];
      int pz = z + o[2];
      if (px >= 0 && px < nx && py >= 0 && py < ny && pz >= 0 && pz < nz) {
        out[n++] = px + nx * (py + ny * pz);
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** As {@link #keepLargest(int[])} for unsigned-byte volumes. */
  public byte[] keepLargest(byte[] labels) {
    return toBytes(keepLargest(toInts(labels)));
  }

  /** As {@link #keepLargest(int[], int[])} for unsigned-byte volumes. */
  public byte[] keepLargest(byte[] labels, int[] classes) {
    return toBytes(keepLargest(toInts(labels), classes));
  }

  /**
   * The anchors of a heart segmentation, names compared ignoring case: the myocardium (a class
   * named {@code MYO}) on the left-ventricular blood pool ({@code LV}), and the right ventricle
   * ({@code RV}) on the myocardium, which it meets at the septum. A blob of either far from the
   * heart is then dropped even when it is bigger than the true structure. Empty when MYO or LV
   * is missing; MYO on LV alone when RV is.
   *
   * @param classNames foreground class names
   * @param classValues their label values in the volumes to be processed, same order
   */
  public static Map<Integer, Integer> heartAnchors(List<String> classNames, int[] classValues) {
    int myo = -1;
    int lv = -1;
    int rv = -1;
    for (int k = 0; k < classNames.size(); k++) {
      if (classNames.get(k).equalsIgnoreCase("MYO")) {
        myo = classValues[k];
      } else if (classNames.get(k).equalsIgnoreCase("LV")) {
        lv = classValues[k];
      } else if (classNames.get(k).equalsIgnoreCase("RV")) {
        rv = classValues[k];
      }
    }
    if (myo < 0 || lv < 0) {
      return Map.of();
    }
    return rv < 0 ? Map.of(myo, lv) : Map.of(myo, lv, rv, myo);
  }

  private int flood(int[] labels, int[] component, int[] queue, int seed, int id) {
    int label = labels[seed];
    int head = 0;
    int tail = 0;
    queue[tail++] = seed;
    component[seed] = id;
    while (head < tail) {
      int i = queue[head++];
      int x = i % nx;
      int y = (i / nx) % ny;
      int z = i / (nx * ny);
      for (int[] o : offsets) {
        int px = x + o[0];
        int py = y + o[1];
        int pz = z + o[2];
        if (px < 0 || px >= nx || py < 0 || py >= ny || pz < 0 || pz >= nz) {
          continue;
        }
        int j = px + nx * (py + ny * pz);
        if (component[j] == 0 && labels[j] == label) {
          component[j] = id;
          queue[tail++] = j;
        }
      }
    }
    return tail;
  }

  private static int[][] offsets(Connectivity connectivity) {
    int count = connectivity == Connectivity.FACE_6 ? 6 : 26;
    int[][] out = new int[count][];
    int k = 0;
    for (int dz = -1; dz <= 1; dz++) {
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          int steps = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
          boolean keep = connectivity == Connectivity.FACE_6 ? steps == 1 : steps > 0;
          if (keep) {
            out[k++] = new int[] {dx, dy, dz};
          }
        }
      }
    }
    return out;
  }

  private void checkLength(int length) {
    int n = nx * ny * nz;
    if (length != n) {
      throw new IllegalArgumentException(
          "expected " + n + " voxels (" + nx + " x " + ny + " x " + nz + "), found " + length);
    }
  }

  private static int[] toInts(byte[] labels) {
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = labels[i] & 0xFF;
    }
    return out;
  }

  private static byte[] toBytes(int[] labels) {
    byte[] out = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = (byte) labels[i];
    }
    return out;
  }
}
