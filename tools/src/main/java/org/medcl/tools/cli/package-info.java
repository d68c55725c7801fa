/** Picocli commands of {@code medcl} and the option mixins they share. */
package org.medcl.tools.cli;
