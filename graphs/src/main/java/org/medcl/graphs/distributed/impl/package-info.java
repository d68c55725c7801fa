/** Machinery of mirrored training: replica forward, loss composition, device placement. */
package org.medcl.graphs.distributed.impl;
