package dev.parley.sdk.internal;

import dev.parley.sdk.Group;
import dev.parley.sdk.GroupMessage;

/**
 * One entry of a group's log on its way to the listener, with the group's state to report along
 * with a system entry: the state right after it for a pushed {@code GroupUpdatedEvent}, else the
 * latest the session knew when the entry arrived (null when it knew none). Immutable.
 */
record GroupEntry(GroupMessage message, Group group) {
  long seq() {
    return message.seq();
  }
}
