package dev.parley.sdk.store;

import java.nio.file.Path;

/**
 * A durable local store's file is held by another process (or another open store in this one):
 * typically a second client running for the same account. Close the other one or use another
 * directory.
 */
public final class LocalStoreLockedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** The store in {@code file} is locked; {@code cause} is the storage engine's report. */
  public LocalStoreLockedException(Path file, Throwable cause) {
    super("local store " + file + " is locked by another process (is another client running for this account?)", cause);
    this.file = file;
  }

  /** The locked file. */
  public Path file() {
    return file;
  }
}
