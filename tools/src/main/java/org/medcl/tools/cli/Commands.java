package org.medcl.tools.cli;

import java.util.List;

/** The subcommands of {@code medcl}, in the order {@code --help} lists them. */
public final class Commands {
  private Commands() {}

  /** New instances of every subcommand. */
  public static List<Object> all() {
    return List.of();
  }
}
