package dev.parley.sdk;

import java.util.List;

/**
 * One page of a conversation's history, newest message first. Immutable.
 *
 * @param messages the messages, newest first (their {@code seq} is 0)
 * @param hasMore whether older messages exist; ask again with the oldest message's id as {@code beforeId}
 */
public record HistoryPage(List<ChatMessage> messages, boolean hasMore) {
  public HistoryPage {
    messages = List.copyOf(messages);
  }
}
