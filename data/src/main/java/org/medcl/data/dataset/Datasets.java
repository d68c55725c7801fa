package org.medcl.data.dataset;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a dataset folder, detecting its layout. */
public final class Datasets {
  private Datasets() {
  }

  /**
   * Opens a dataset: nnU-Net v2 raw when the folder has {@code dataset.json} and
   * {@code imagesTr}, MSCMR when it has {@code <split>/images} folders.
   *
   * @throws DatasetException naming the folder when it is missing or matches no layout, or
   *     naming the file when the layout's files do not pair up
   */
  public static Dataset open(Path root) throws DatasetException {
    if (!Files.isDirectory(root)) {
      throw new DatasetException(root, "dataset folder not found");
    }
    if (NnUnetDataset.matches(root)) {
      return NnUnetDataset.open(root);
    }
    if (MscmrDataset.matches(root)) {
      return MscmrDataset.open(root);
    }
    throw new DatasetException(root, "matches no known layout, expected dataset.json with "
        + "imagesTr/ and labelsTr/ (nnU-Net v2 raw) or <split>/images/ with <split>/labels/ "
        + "(MSCMR)");
  }
}
