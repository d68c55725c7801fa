/**
 * 2D preprocessing: z-score, optional in-plane resampling, centred pad or crop into
 * {@link org.medcl.data.preprocess.Slice2D}s (row-major, height = y, width = x, raw label
 * values), and the bookkeeping ({@link org.medcl.data.preprocess.SliceGeometry},
 * {@link org.medcl.data.preprocess.PasteBack}) to put predictions back into the source grid.
 */
package org.medcl.data.preprocess;
