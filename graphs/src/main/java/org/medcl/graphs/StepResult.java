package org.medcl.graphs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loss terms of one training step, evaluated before the update. A term whose weight is 0
 * is not built and reads 0.
 *
 * @param step the step counter after this step (1 after the first step)
 * @param total the weighted objective
 * @param mix L_mix
 * @param map L_map (part of L_cluster)
 * @param cluster L_cluster (includes L_map)
 * @param ac L_ac
 * @param scribble L_scribble = ce + dice + unionBce
 * @param ce the cross-entropy part of L_scribble
 * @param dice the {@code 1 - mean Dice} part of L_scribble
 * @param unionBce the union BCE part of L_scribble
 * @param category L_category
 */
public record StepResult(long step, double total, double mix, double map, double cluster,
    double ac, double scribble, double ce, double dice, double unionBce, double category) {

  /** Whether every term is finite. */
  public boolean allFinite() {
    for (double v : asMap().values()) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** The terms by name, in a fixed order (total first). */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("total", total);
    m.put("mix", mix);
    m.put("map", map);
    m.put("cluster", cluster);
    m.put("ac", ac);
    m.put("scribble", scribble);
    m.put("ce", ce);
    m.put("dice", dice);
    m.put("union_bce", unionBce);
    m.put("category", category);
    return m;
  }
}
