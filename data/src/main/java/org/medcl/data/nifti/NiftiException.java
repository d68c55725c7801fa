package org.medcl.data.nifti;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A NIfTI file could not be read or written. The message always names the file and says what
 * was found against what was expected.
 */
public class NiftiException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** An error about {@code file}; the message is prefixed with the file name. */
  public NiftiException(Path file, String detail) {
    super(file + ": " + detail);
    this.file = file;
  }

  /** An error about {@code file} with its cause. */
  public NiftiException(Path file, String detail, Throwable cause) {
    super(file + ": " + detail, cause);
    this.file = file;
  }

  /** The file the error is about. */
  public Path file() {
    return file;
  }
}
