/**
 * Mixing of METHOD.md section 2: Java-side seeded draws ({@link org.medcl.ops.mixing.MixingDraws},
 * {@link org.medcl.ops.mixing.BetaSampler}) fed to graph-side mixing of input data
 * ({@link org.medcl.ops.mixing.IntraMix}, {@link org.medcl.ops.mixing.InterMix},
 * {@link org.medcl.ops.mixing.Rotation}, {@link org.medcl.ops.mixing.BoxMasks}).
 *
 * <p>The rotation uses {@code ImageProjectiveTransformV3}, which has no gradient in TensorFlow
 * Java 1.1.0: these blocks are meant for input images and targets only, never for a tensor on a
 * path from a variable to the loss.
 */
package org.medcl.ops.mixing;
