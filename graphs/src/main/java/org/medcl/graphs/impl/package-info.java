/**
 * Machinery of the step graph: an Adam whose learning rate is a graph operand. Not a public
 * API.
 */
package org.medcl.graphs.impl;
