package org.medcl.tools.cli;

import java.util.concurrent.Callable;
import org.medcl.models.ModelSummary;
import org.medcl.models.UNetConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code medcl model}: the layer table, parameter count and multiply-adds of a UNet preset. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Prints a UNet preset's layer table, its trainable parameters (total and body, "
        + "the body being everything before the 1 x 1 output convolutions) and its forward "
        + "multiply-adds per slice.")
public final class ModelCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--preset", defaultValue = "small",
      description = "small or reference (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--size", defaultValue = "212",
      description = "Slice side in pixels (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--classes", defaultValue = "3",
      description = "Foreground classes m (default: ${DEFAULT-VALUE}).")
  int classes;

  @Override
  public Integer call() {
    UNetConfig config;
    try {
      config = UNetConfig.preset(preset).toBuilder().numClasses(classes).build();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("medcl model: " + e.getMessage());
      return 2;
    }
    spec.commandLine().getOut().print(ModelSummary.of(config, size, size).toText());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
