package dev.parley.sdk;

import java.util.List;

/**
 * A page of a group's log. Immutable.
 *
 * @param messages the entries: ascending for {@link ChatSession#syncGroup}, newest first for
 *     {@link ChatSession#groupHistory}
 * @param hasMore whether more entries follow in the same direction
 * @param lastSeq the group's highest seq when the page was read (0 when the server did not say)
 */
public record GroupMessagePage(List<GroupMessage> messages, boolean hasMore, long lastSeq) {
  public GroupMessagePage {
    messages = List.copyOf(messages);
  }
}
