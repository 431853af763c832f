package dev.parley.sdk.internal;

import dev.parley.core.protocol.ChatProtocol;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.GroupNotice;

/**
 * One entry of the user's mailbox: a 1:1 message, or a notice of a change of the user's own group
 * membership. Exactly one of {@code message} and {@code notice} is set; both share the mailbox's
 * gap-free seq. Immutable.
 */
record MailboxItem(long seq, ChatMessage message, GroupNotice notice) {
  static MailboxItem of(ChatMessage message) {
    return new MailboxItem(message.seq(), message, null);
  }

  /** The entry as the SDK sees it: a notice when the entry carries one, a message otherwise. */
  static MailboxItem of(ChatProtocol.MailboxEntry e, long selfId) {
    if (e.hasNotice()) {
      return new MailboxItem(e.getSeq(), null, GroupMapping.notice(e.getSeq(), e.getNotice()));
    }
    return of(ProtoMapping.entry(e, selfId));
  }
}
