/**
 * Reports of a training run and of predictions: a metrics CSV with a row per validation
 * ({@link org.medcl.tools.report.MetricsCsv}), TensorBoard event files of scalars ({@link
 * org.medcl.tools.report.TensorBoardWriter}), a PNG plot of the losses and validation Dice
 * ({@link org.medcl.tools.report.TrainingPlot}) and PNG overlays of predicted labels on image
 * slices ({@link org.medcl.tools.report.Overlays}).
 */
package org.medcl.tools.report;
