package dev.parley.core.service;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.HistoryPage;
import dev.parley.core.model.MailboxPage;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.UserStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * One-to-one messaging: send with authorisation and de-duplication, mailbox sync, history,
 * conversations and acks. Every method acts as {@code userId}, the authenticated user.
 * Thread-safe; methods block on the SPIs.
 */
public final class MessageService {
  private final UserStore users;
  private final FriendStore friends;
  private final MessageStore messages;
  private final ChatEvents events;
  private final ChatLimits limits;
  private final Clock clock;

  public MessageService(UserStore users, FriendStore friends, MessageStore messages, ChatEvents events,
      ChatLimits limits, Clock clock) {
    this.users = Objects.requireNonNull(users, "users");
    this.friends = Objects.requireNonNull(friends, "friends");
    this.messages = Objects.requireNonNull(messages, "messages");
    this.events = Objects.requireNonNull(events, "events");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Sends {@code text} from {@code userId} to {@code toUserId}. BAD_REQUEST for an empty text, a
   * missing or over-long client message id, or oneself; TEXT_TOO_LONG; NOT_FOUND for an unknown
   * recipient; NOT_FRIENDS unless the limits allow strangers. A repeated {@code clientMsgId}
   * returns the original result (duplicate) and publishes nothing; a new message is published
   * through {@link ChatEvents#messageStored}.
   */
  public AppendResult send(long userId, long toUserId, String clientMsgId, String text) {
    throw new UnsupportedOperationException("services issue");
  }

  /** Mailbox entries after {@code afterSeq}, ascending, one page. */
  public MailboxPage sync(long userId, long afterSeq, int limit) {
    throw new UnsupportedOperationException("services issue");
  }

  /** Messages with {@code peerId} before {@code beforeId} (0: newest), newest first, one page. */
  public HistoryPage history(long userId, long peerId, long beforeId, int limit) {
    throw new UnsupportedOperationException("services issue");
  }

  /** Conversations, most recent first, with last message and unread count. */
  public List<Conversation> conversations(long userId, int limit) {
    throw new UnsupportedOperationException("services issue");
  }

  /** Records that {@code userId} has read up to {@code upToSeq}. */
  public void ack(long userId, long upToSeq) {
    throw new UnsupportedOperationException("services issue");
  }

  /** The highest seq in {@code userId}'s mailbox. */
  public long lastSeq(long userId) {
    return messages.lastSeq(userId);
  }

  /** {@code userId}'s acknowledged position. */
  public long ackedSeq(long userId) {
    return messages.ackedSeq(userId);
  }
}
