/**
 * Evaluation of label volumes against ground truth: per-class Dice and surface distances
 * ({@link org.medcl.tools.evaluate.SegmentationMetrics}) from an exact anisotropic Euclidean
 * distance transform, per-case reports with CSV and JSON writers, a summary table in the paper's
 * layout, and the {@code medcl evaluate} command.
 */
package org.medcl.tools.evaluate;
