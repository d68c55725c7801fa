package org.medcl.losses;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The nested chain of class unions {@code Omega_2 ⊂ ... ⊂ Omega_m} of METHOD.md section 1.
 *
 * <p>Validated: {@code m - 1} unions of classes in {@code 1..m}, each strictly containing the
 * previous one, the first with at least 2 classes and the last holding all {@code m} classes.
 * Union {@code k} (0-based) is channel {@code m + k} of the maps {@code Y}.
 *
 * @param numClasses the number of foreground classes {@code m}
 * @param unions the unions in chain order, copied into immutable sorted sets
 */
public record UnionChain(int numClasses, List<Set<Integer>> unions) {

  /**
   * Validates and copies the chain.
   *
   * @param numClasses see the record description
   * @param unions see the record description
   * @throws IllegalArgumentException if the chain is not as described above
   */
  public UnionChain {
    if (numClasses < 1) {
      throw new IllegalArgumentException("expected at least 1 foreground class, found "
          + numClasses);
    }
    if (unions == null || unions.size() != numClasses - 1) {
      throw new IllegalArgumentException("expected " + (numClasses - 1) + " unions for "
          + numClasses + " classes, found " + (unions == null ? "none" : unions.size()));
    }
    List<Set<Integer>> copy = new ArrayList<>(unions.size());
    Set<Integer> previous = Set.of();
    for (int k = 0; k < unions.size(); k++) {
      Set<Integer> union = Collections.unmodifiableSet(new TreeSet<>(unions.get(k)));
      for (int c : union) {
        if (c < 1 || c > numClasses) {
          throw new IllegalArgumentException("expected union classes in 1.." + numClasses
              + ", found " + c + " in union " + k + " " + union);
        }
      }
      if (union.size() < 2 || !union.containsAll(previous) || union.size() <= previous.size()) {
        throw new IllegalArgumentException("expected union " + k + " to hold at least 2 classes"
            + " and strictly contain the previous union " + previous + ", found " + union);
      }
      copy.add(union);
      previous = union;
    }
    if (numClasses > 1 && previous.size() != numClasses) {
      throw new IllegalArgumentException("expected the last union to hold all " + numClasses
          + " classes, found " + previous);
    }
    unions = Collections.unmodifiableList(copy);
  }

  /**
   * The MSCMR chain: {@code Omega_2 = {MYO, LV} = {2, 3}}, {@code Omega_3 = {RV, MYO, LV} =
   * {1, 2, 3}}, m = 3.
   *
   * @return the chain
   */
  public static UnionChain mscmr() {
    return new UnionChain(3, List.of(Set.of(2, 3), Set.of(1, 2, 3)));
  }

  /**
   * Number of unions, {@code m - 1}.
   *
   * @return the count
   */
  public int size() {
    return unions.size();
  }

  /**
   * Number of maps {@code K = 2m - 1} in {@code Y}.
   *
   * @return K
   */
  public int numMaps() {
    return 2 * numClasses - 1;
  }

  /**
   * The channel of union {@code k} in {@code Y}.
   *
   * @param k union index, 0-based
   * @return {@code m + k}
   */
  public int unionChannel(int k) {
    checkIndex(k);
    return numClasses + k;
  }

  /**
   * The channels in {@code Y} of the classes of union {@code k} (class {@code i} is channel
   * {@code i - 1}).
   *
   * @param k union index, 0-based
   * @return channels, ascending
   */
  public int[] classChannels(int k) {
    checkIndex(k);
    return unions.get(k).stream().mapToInt(c -> c - 1).toArray();
  }

  /**
   * The channels in targets or class probabilities {@code [.., m + 1]} (background 0) of the
   * classes of union {@code k}.
   *
   * @param k union index, 0-based
   * @return channels, ascending
   */
  public int[] targetChannels(int k) {
    checkIndex(k);
    return unions.get(k).stream().mapToInt(Integer::intValue).toArray();
  }

  private void checkIndex(int k) {
    if (k < 0 || k >= unions.size()) {
      throw new IllegalArgumentException("expected a union index in 0.." + (unions.size() - 1)
          + ", found " + k);
    }
  }
}
