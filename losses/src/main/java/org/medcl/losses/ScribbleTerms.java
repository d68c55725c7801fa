package org.medcl.losses;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The outputs of {@link ScribbleLoss}, each a scalar.
 *
 * @param ce the cross-entropy over annotated pixels
 * @param dice {@code 1 - mean_i D_i} over background and the classes
 * @param unionBce the binary cross-entropy of the union maps (0 when disabled)
 * @param total {@code ce + dice + unionBce}
 */
public record ScribbleTerms(Operand<TFloat32> ce, Operand<TFloat32> dice,
    Operand<TFloat32> unionBce, Operand<TFloat32> total) {
}
