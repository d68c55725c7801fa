package org.medcl.tools;

import java.util.List;
import java.util.concurrent.Callable;
import org.medcl.tools.cli.Commands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of the {@code medcl} command line: a picocli root with one subcommand per job. */
@Command(
    name = "medcl",
    mixinStandardHelpOptions = true,
    version = "medcl 0.1.0 (TensorFlow Java 1.1.0)",
    description = "Scribble-supervised cardiac MR segmentation (MedCL) on TensorFlow Java.")
public final class Medcl implements Callable<Integer> {

  @Spec private CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The root command with every subcommand registered; tests call {@code execute} on it. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Medcl());
    List<Object> subcommands = Commands.all();
    for (Object sub : subcommands) {
      cli.addSubcommand(sub);
    }
    cli.setExecutionExceptionHandler(Medcl::handle);
    return cli;
  }

  /**
   * Turns the failures a user can act on (unreadable or invalid input, bad settings) into one
   * line on the error writer and exit code 1; anything else keeps its stack trace.
   */
  private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    String name = cmd.getCommandSpec().qualifiedName();
    if (e instanceof java.io.IOException || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException) {
      cmd.getErr().println(name + ": " + e.getMessage());
    } else {
      cmd.getErr().println(name + ": unexpected failure: " + e);
      e.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    return 1;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
