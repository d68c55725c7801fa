package org.medcl.data.dataset;

/** What a case's label volume holds. */
public enum LabelKind {
  /** Sparse scribbles: pixels outside them carry the unannotated value. */
  SCRIBBLE,
  /** A full (dense) manual mask. */
  MANUAL,
  /** No label volume. */
  NONE
}
