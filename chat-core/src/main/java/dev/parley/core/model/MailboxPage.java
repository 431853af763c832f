package dev.parley.core.model;

import java.util.List;

/** One page of a mailbox sync. {@code lastSeq} is the mailbox's highest seq when read. Immutable. */
public record MailboxPage(List<MailboxEntry> entries, boolean hasMore, long lastSeq) {
  public MailboxPage {
    entries = List.copyOf(entries);
  }
}
