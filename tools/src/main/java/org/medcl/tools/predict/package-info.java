/**
 * Whole-volume prediction from a training run's checkpoint ({@link
 * org.medcl.tools.predict.CheckpointModel}) or an exported SavedModel ({@link
 * org.medcl.tools.predict.SavedModelModel}): both run the same serving pipeline graph through an
 * {@code org.medcl.savedmodels.Segmenter}, and {@link org.medcl.tools.predict.PredictJob} applies
 * the same Java post-processing (connected components) after it. {@link
 * org.medcl.tools.predict.VolumePredictor} serves validation during training, on the training
 * graph's network with Java-side z-score and resampling.
 */
package org.medcl.tools.predict;
