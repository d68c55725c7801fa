package org.medcl.tools.evaluate;

import java.nio.file.Path;

/**
 * Evaluation inputs are unusable: a missing folder or counterpart, volumes that do not match,
 * or a volume that is not a label map. The message names the file(s) and says what was found
 * against what was expected.
 */
public class EvaluationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** An error about {@code file}; the message starts with the file name. */
  public EvaluationException(Path file, String detail) {
    super(file + ": " + detail);
    this.file = file;
  }

  /** The file or folder the error is about. */
  public Path file() {
    return file;
  }
}
