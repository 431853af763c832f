package dev.parley.core.model;

import java.util.Objects;

/**
 * The outcome of revising a group's TEXT entry ({@link dev.parley.core.spi.GroupStore#revise}).
 *
 * @param target the TEXT entry in its final state
 * @param entry the MESSAGE_RECALLED / MESSAGE_EDITED system entry appended; null when {@code duplicate}
 * @param duplicate the entry was recalled already: nothing was stored
 */
public record GroupRevisionResult(GroupMessage target, GroupMessage entry, boolean duplicate) {
  public GroupRevisionResult {
    Objects.requireNonNull(target, "target");
    if (duplicate != (entry == null)) {
      throw new IllegalArgumentException("a duplicate appends no entry, a new revision one");
    }
  }
}
