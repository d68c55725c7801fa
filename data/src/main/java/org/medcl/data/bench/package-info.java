/** Benchmark entry points of the data layer (run by the bench/ scripts, not by tests). */
package org.medcl.data.bench;
