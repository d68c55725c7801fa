/**
 * MedCL as TensorFlow graphs: {@link org.medcl.graphs.MedclStepGraph} (one training step of
 * METHOD.md with its session, fed by {@link org.medcl.graphs.StepFeeds}, answering
 * {@link org.medcl.graphs.StepResult}), {@link org.medcl.graphs.InferenceGraph} (forward only,
 * restores the step graph's checkpoints) and the session thread settings. The benchmark entry
 * point is in {@code bench}.
 */
package org.medcl.graphs;
