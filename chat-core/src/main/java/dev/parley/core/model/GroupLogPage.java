package dev.parley.core.model;

import java.util.List;

/**
 * One page of a group's log as a member may see it: ascending for a sync, newest first for history;
 * {@code hasMore} when visible entries beyond the page exist; {@code lastSeq} the group's highest
 * seq when the page was read (at least the page's highest). Immutable.
 */
public record GroupLogPage(List<GroupMessage> messages, boolean hasMore, long lastSeq) {
  public GroupLogPage {
    messages = List.copyOf(messages);
  }
}
