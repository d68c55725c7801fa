/** Entry point of {@code bench/infer}: whole-volume latency of a SavedModel. */
package org.medcl.savedmodels.bench;
