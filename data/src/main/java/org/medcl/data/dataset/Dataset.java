package org.medcl.data.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset on disk: its descriptor and its cases per split. Open one with
 * {@link Datasets#open(Path)}, which detects the layout.
 */
public interface Dataset {
  /** The folder layouts understood. */
  enum Layout {
    /** {@code <split>/images/<id>_DE.nii.gz} with {@code <split>/labels/<id>_DE_<kind>.nii.gz}. */
    MSCMR,
    /**
     * nnU-Net v2 raw: {@code dataset.json}, {@code imagesTr/}, {@code labelsTr/},
     * {@code imagesTs/}.
     */
    NNUNET
  }

  /** The dataset's root folder. */
  Path root();

  /** The layout. */
  Layout layout();

  /** Classes, background, unannotated value and channels. */
  DatasetDescriptor descriptor();

  /** The split names present, e.g. {@code [train, val]}. */
  List<String> splits();

  /**
   * The cases of a split, sorted by id (numbers in ids compare by value).
   *
   * @throws IllegalArgumentException if the split does not exist; the message lists the splits
   */
  List<CaseRef> cases(String split);

  /**
   * Reads a case's image and label and checks them against each other and the descriptor.
   *
   * @throws IOException naming the file if a volume is unreadable or they do not match
   */
  default LabeledCase load(CaseRef ref) throws IOException {
    return CaseLoader.load(ref, descriptor());
  }
}
