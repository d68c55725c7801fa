/**
 * Graph building blocks that the TensorFlow Java Ops API lacks, for MedCL.
 *
 * <p>{@link org.medcl.ops.Sinkhorn} (the stop-gradient Sinkhorn-Knopp mapping of pixels to
 * prototypes), {@link org.medcl.ops.Similarity} (cosine similarity of flattened maps and of
 * vectors), {@link org.medcl.ops.Reductions} (stable log-sum-exp), {@link org.medcl.ops.Targets}
 * (Java-side soft one-hot targets from labels with an unannotated value) and
 * {@link org.medcl.ops.Fetch} (feeding and fetching float arrays through a session). Mixing lives
 * in {@code org.medcl.ops.mixing}. Every graph builder takes the {@code Ops} context as its first
 * argument and works on NHWC float32 operands.
 */
package org.medcl.ops;
