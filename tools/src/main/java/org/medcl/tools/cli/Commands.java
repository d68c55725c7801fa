package org.medcl.tools.cli;

import java.util.List;
import org.medcl.tools.evaluate.EvaluateCommand;

/** The subcommands of {@code medcl}, in the order {@code --help} lists them. */
public final class Commands {
  private Commands() {}

  /** New instances of every subcommand. */
  public static List<Object> all() {
    return List.of(new QuickstartCommand(), new InfoCommand(), new ModelCommand(),
        new TrainCommand(), new PredictCommand(), new EvaluateCommand(), new ExportCommand());
  }
}
