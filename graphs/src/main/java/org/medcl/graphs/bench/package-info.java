/**
 * Benchmark entry points (not tests): {@link org.medcl.graphs.bench.TrainStepBenchmark} times
 * full MedCL training steps on synthetic inputs.
 */
package org.medcl.graphs.bench;
