package org.medcl.tools.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.medcl.tools.Medcl;
import picocli.CommandLine;

/**
 * One run of the CLI through picocli's {@code execute}, with what it printed.
 *
 * @param code exit code
 * @param out standard output
 * @param err standard error
 */
record CliRun(int code, String out, String err) {

  /** Runs {@code medcl args...} in this JVM. */
  static CliRun of(String... args) {
    CommandLine cli = Medcl.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
