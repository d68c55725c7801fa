/**
 * Machinery of the step graph: an Adam whose learning rate is a graph operand, the session
 * options of a precision, graph reachability checks and traced runs. Not a public API.
 */
package org.medcl.graphs.impl;
