/** Machinery of the serving package: running the pipeline signature on a session, flips. */
package org.medcl.savedmodels.impl;
