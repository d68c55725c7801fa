/**
 * Whole-volume prediction: every slice at its full in-plane extent, resampled to the model's
 * spacing and back, optional flip test-time augmentation and connected-component filtering.
 * The same code serves validation, {@code medcl predict} from a checkpoint and from a SavedModel.
 */
package org.medcl.tools.predict;
