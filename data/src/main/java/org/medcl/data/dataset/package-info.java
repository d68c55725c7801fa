/**
 * Dataset folders: the MSCMR and nnU-Net v2 raw layouts behind
 * {@link org.medcl.data.dataset.Dataset}, opened by {@link org.medcl.data.dataset.Datasets};
 * the {@link org.medcl.data.dataset.DatasetDescriptor} saying what label values mean; the data
 * root resolution of every command ({@link org.medcl.data.dataset.DataRoot}); and case loading
 * with image/label checks ({@link org.medcl.data.dataset.CaseLoader}).
 */
package org.medcl.data.dataset;
