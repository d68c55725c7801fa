package org.medcl.data.dataset;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dataset folder, descriptor or case is unusable: a missing or unpaired file, a bad
 * descriptor, or an image and label that do not match. The message names the file.
 */
public class DatasetException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** An error about {@code file}; the message is prefixed with the file name. */
  public DatasetException(Path file, String detail) {
    super(file + ": " + detail);
    this.file = file;
  }

  /** An error about {@code file} with its cause. */
  public DatasetException(Path file, String detail, Throwable cause) {
    super(file + ": " + detail, cause);
    this.file = file;
  }

  /** The file or folder the error is about. */
  public Path file() {
    return file;
  }
}
