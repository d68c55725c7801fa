package org.medcl.savedmodels;

import java.io.IOException;
import java.nio.file.Path;

/** A model folder that is missing, unreadable or incompatible, or an export that failed. */
public class SavedModelException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path folder;

  /** A failure about {@code folder}; the message names it. */
  public SavedModelException(Path folder, String message) {
    super(folder + ": " + message);
    this.folder = folder;
  }

  /** A failure about {@code folder} caused by {@code cause}. */
  public SavedModelException(Path folder, String message, Throwable cause) {
    super(folder + ": " + message, cause);
    this.folder = folder;
  }

  /** The folder the failure is about. */
  public Path folder() {
    return folder;
  }
}
