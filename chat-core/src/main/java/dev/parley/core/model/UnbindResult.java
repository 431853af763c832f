package dev.parley.core.model;

/** What a presence unbind did. */
public enum UnbindResult {
  /** The session was not (or no longer) bound: nothing changed. */
  NOT_BOUND,
  /** Removed; the user has another live session. */
  STILL_ONLINE,
  /** Removed, and it was the user's last live session: the user has gone offline. */
  WENT_OFFLINE;

  public boolean removed() {
    return this != NOT_BOUND;
  }
}
