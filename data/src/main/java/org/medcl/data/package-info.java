/**
 * Volumes for MedCL: {@link org.medcl.data.Volume} (float voxels in NIfTI order with their
 * header {@link org.medcl.data.Geometry}) and {@link org.medcl.data.VolumeInfo}, the text of
 * {@code medcl info}. Sub-packages read and write NIfTI ({@code nifti}), find cases in dataset
 * folders ({@code dataset}) and cut 2D training slices ({@code preprocess}). No TensorFlow here.
 */
package org.medcl.data;
