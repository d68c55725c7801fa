/**
 * Post-processing of predicted label volumes before they are written or scored, such as keeping
 * the largest 3D connected component per class ({@link
 * org.medcl.tools.postprocess.ConnectedComponents}).
 */
package org.medcl.tools.postprocess;
