/**
 * The {@code medcl} command line ({@link org.medcl.tools.Medcl}) and the jobs it runs: training,
 * prediction, evaluation, export and inspection of data.
 */
package org.medcl.tools;
