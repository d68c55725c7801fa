package org.medcl.data.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a command finds its data: the {@code --data} option, else the environment variable
 * {@code MEDCL_DATA}, else {@code ../shared/data/mscmr} relative to the working folder if it
 * exists.
 */
public final class DataRoot {
  /** The environment variable naming the data folder. */
  public static final String ENV = "MEDCL_DATA";
  /** The default data folder, relative to the working folder. */
  public static final Path DEFAULT = Path.of("..", "shared", "data", "mscmr");

  private DataRoot() {
  }

  /**
   * Resolves the data folder from the option (may be null), the environment and the working
   * folder of this process.
   *
   * @throws DatasetException if the chosen folder does not exist, or nothing is set and the
   *     default is absent; the message says how to get the MSCMR data
   */
  public static Path resolve(Path optionFlag) throws DatasetException {
    return resolve(optionFlag, System.getenv(), Path.of("").toAbsolutePath());
  }

  /** As {@link #resolve(Path)} with an explicit environment and working folder. */
  public static Path resolve(Path optionFlag, Map<String, String> env, Path workingDir)
      throws DatasetException {
    if (optionFlag != null) {
      return existing(optionFlag, "--data");
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return existing(Path.of(fromEnv), ENV);
    }
    Path def = workingDir.resolve(DEFAULT).normalize();
    if (Files.isDirectory(def)) {
      return def;
    }
    throw new DatasetException(def, "no data folder: --data not given, " + ENV
        + " not set, and the default " + DEFAULT + " does not exist. " + howToGet());
  }

  private static Path existing(Path p, String from) throws DatasetException {
    if (!Files.isDirectory(p)) {
      throw new DatasetException(p, "data folder given by " + from + " does not exist, "
          + "expected a dataset folder. " + howToGet());
    }
    return p;
  }

  /** How to get the MSCMR data, for error messages. */
  public static String howToGet() {
    return "To get the MSCMR data: download the LGE images of the MSCMRseg challenge "
        + "(MICCAI 2019, https://zmiclab.github.io/zxh/0/mscmrseg19/) and the CycleMix "
        + "scribbles (https://github.com/BWGZK/CycleMix), arrange them as "
        + "<root>/train/images/<id>_DE.nii.gz with <root>/train/labels/<id>_DE_scribble.nii.gz "
        + "(and val/ with _DE_manual), then pass --data <root> or set " + ENV + "=<root>.";
  }
}
