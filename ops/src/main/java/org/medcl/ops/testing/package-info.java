/**
 * Helpers for testing graph code: {@link org.medcl.ops.testing.GradientCheck} compares the
 * symbolic gradient of a scalar graph function with central differences. Main code so that the
 * tests of every module can use it; not for production graphs.
 */
package org.medcl.ops.testing;
