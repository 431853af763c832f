package dev.parley.sdk.internal;

import dev.parley.core.protocol.ChatProtocol;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.GroupNotice;
import dev.parley.sdk.MessageRevision;

/**
 * One entry of the user's mailbox: a 1:1 message, a notice of a change of the user's own group
 * membership, or a revision (recall, edit, delete) of an earlier message. At most one of
 * {@code message}, {@code notice} and {@code revision} is set (none: an entry of a kind this SDK
 * does not know, which only moves the position); all share the mailbox's gap-free seq. Immutable.
 */
record MailboxItem(long seq, ChatMessage message, GroupNotice notice, MessageRevision revision) {
  MailboxItem(long seq, ChatMessage message, GroupNotice notice) {
    this(seq, message, notice, null);
  }

  static MailboxItem of(ChatMessage message) {
    return new MailboxItem(message.seq(), message, null);
  }

  static MailboxItem of(MessageRevision revision) {
    return new MailboxItem(revision.seq(), null, null, revision);
  }

  /** The entry as the SDK sees it: a notice when the entry carries one, a message otherwise. */
  static MailboxItem of(ChatProtocol.MailboxEntry e, long selfId) {
    if (e.hasNotice()) {
      return new MailboxItem(e.getSeq(), null, GroupMapping.notice(e.getSeq(), e.getNotice()));
    }
    if (e.hasRevision()) {
      return new MailboxItem(e.getSeq(), null, null, ProtoMapping.revision(e.getSeq(), e.getRevision()));
    }
    return of(ProtoMapping.entry(e, selfId));
  }
}
