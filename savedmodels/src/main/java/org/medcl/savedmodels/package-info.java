/**
 * Serving a trained MedCL network: {@link org.medcl.savedmodels.ServingGraph} builds the whole
 * inference pipeline as one graph (z-score, resampling to the model's spacing, padding, network,
 * crop, softmax, resampling back, arg-max), {@link org.medcl.savedmodels.SavedModelExporter}
 * writes and verifies a TF Serving SavedModel of it, and {@link org.medcl.savedmodels.Segmenter}
 * segments whole volumes with a SavedModel or an in-memory graph through the same code.
 */
package org.medcl.savedmodels;
