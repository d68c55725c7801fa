/**
 * Mirrored (data-parallel) MedCL training over several devices of one process, and the pieces
 * that multi-worker training on TensorFlow's gRPC runtime builds on. {@link
 * org.medcl.graphs.distributed.MirroredStepGraph} is the public entry point; {@code impl} holds
 * the replica forward, the loss composition and the device re-placement of the graph.
 */
package org.medcl.graphs.distributed;
