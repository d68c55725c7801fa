package org.medcl.models;

/** How a forward pass treats BatchNorm and dropout. */
public enum Mode {
  /** Batch statistics, moving-average update ops returned, dropout on. */
  TRAINING,
  /** Moving averages, no updates, no dropout. */
  INFERENCE
}
