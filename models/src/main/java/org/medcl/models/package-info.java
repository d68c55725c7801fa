/**
 * The 2D UNet of MedCL built with the TensorFlow Java Ops API.
 *
 * <p>{@link org.medcl.models.UNetConfig} fixes the topology (presets {@code small} and
 * {@code reference}), {@link org.medcl.models.UNet} creates the variables once and applies
 * them any number of times in {@link org.medcl.models.Mode#TRAINING} or
 * {@link org.medcl.models.Mode#INFERENCE} mode, and {@link org.medcl.models.ModelSummary}
 * prints the layer table. {@link org.medcl.models.Precision} names the arithmetic of a training
 * step (float32 or mixed bfloat16). Tensors are NHWC float32. Building blocks live in
 * {@code impl}.
 */
package org.medcl.models;
