/**
 * The five MedCL loss terms of METHOD.md: {@link org.medcl.losses.MixLoss},
 * {@link org.medcl.losses.ClusterLoss} (with L_map), {@link org.medcl.losses.AnatomyLoss},
 * {@link org.medcl.losses.ScribbleLoss} and {@link org.medcl.losses.CategoryLoss}, with the
 * nested union chain {@link org.medcl.losses.UnionChain}.
 *
 * <p>Each loss is an immutable configuration applied to graph operands with the graph context
 * passed in. A loss returns its unweighted value; the weight of each term (default 1) is applied
 * by the caller. Maps {@code Y} are {@code [n, h, w, K]} with {@code K = 2m - 1}: channels
 * {@code 0..m-1} are the class probabilities of classes {@code 1..m}, channels
 * {@code m..2m-2} the union maps in chain order.
 */
package org.medcl.losses;
