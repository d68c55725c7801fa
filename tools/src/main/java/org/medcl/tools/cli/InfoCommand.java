package org.medcl.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.medcl.data.VolumeInfo;
import org.medcl.data.dataset.DataRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code medcl info}: what a volume or a dataset folder holds. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Prints a NIfTI volume's shape, spacing, datatype, affine, value range and "
        + "label counts, or a dataset folder's layout, classes and cases. Without an argument: "
        + "the default dataset ($MEDCL_DATA, else ../shared/data/mscmr).")
public final class InfoCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "<file or folder>",
      description = "A .nii/.nii.gz file or a dataset folder.")
  Path path;

  @Override
  public Integer call() throws IOException {
    Path target = path != null ? path : DataRoot.resolve(null);
    spec.commandLine().getOut().print(VolumeInfo.describe(target));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
