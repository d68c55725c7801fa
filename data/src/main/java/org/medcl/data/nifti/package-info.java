/**
 * NIfTI-1 and NIfTI-2 reading ({@link org.medcl.data.nifti.NiftiReader}) and writing
 * ({@link org.medcl.data.nifti.NiftiWriter}), plain or gzip-compressed, either byte order, with
 * the geometry kept so that written predictions align with their images. Errors are
 * {@link org.medcl.data.nifti.NiftiException}s that name the file.
 */
package org.medcl.data.nifti;
