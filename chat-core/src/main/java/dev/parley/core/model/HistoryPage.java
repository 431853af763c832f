package dev.parley.core.model;

import java.util.List;

/** One page of conversation history, newest first. Immutable. */
public record HistoryPage(List<Message> messages, boolean hasMore) {
  public HistoryPage {
    messages = List.copyOf(messages);
  }
}
