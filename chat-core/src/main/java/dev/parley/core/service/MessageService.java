package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.hooks.MessageInterceptor;
import dev.parley.core.internal.SafeEvents;
import dev.parley.core.model.AckResult;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.HistoryPage;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.MailboxIdentity;
import dev.parley.core.model.MailboxPage;
import dev.parley.core.model.Message;
import dev.parley.core.model.User;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.UserStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One-to-one messaging: send with authorisation and de-duplication, mailbox sync, history,
 * conversations and acks. Every method acts as {@code userId}, the authenticated user.
 * Thread-safe; methods block on the SPIs.
 */
public final class MessageService {
  /** The most mailbox entries {@link #receiptsOwed} reads for one ack. */
  public static final int MAX_RECEIPT_ENTRIES = 1000;

  private final UserStore users;
  private final FriendStore friends;
  private final MessageStore messages;
  private final ChatEvents events;
  private final ChatLimits limits;
  private final Clock clock;
  private final MessagePolicy policy;
  private final BlockStore blocks;

  /** A service that stores every text it is sent ({@link MessagePolicy#NONE}). */
  public MessageService(UserStore users, FriendStore friends, MessageStore messages, ChatEvents events,
      ChatLimits limits, Clock clock) {
    this(users, friends, messages, events, limits, clock, MessagePolicy.NONE);
  }

  /**
   * {@code policy} checks every text after the send is authorised and before it is stored (the
   * caller owns it and closes it).
   */
  public MessageService(UserStore users, FriendStore friends, MessageStore messages, ChatEvents events,
      ChatLimits limits, Clock clock, MessagePolicy policy) {
    this(users, friends, messages, events, limits, clock, policy, NoBlocks.INSTANCE);
  }

  /**
   * As above; a send to a user who blocks the sender ({@link BlockStore#isBlocked}(recipient,
   * sender)) is refused with BLOCKED, stored nowhere and pushed to no one.
   */
  public MessageService(UserStore users, FriendStore friends, MessageStore messages, ChatEvents events,
      ChatLimits limits, Clock clock, MessagePolicy policy, BlockStore blocks) {
    this.users = Objects.requireNonNull(users, "users");
    this.friends = Objects.requireNonNull(friends, "friends");
    this.messages = Objects.requireNonNull(messages, "messages");
    this.events = new SafeEvents(Objects.requireNonNull(events, "events"));
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.blocks = Objects.requireNonNull(blocks, "blocks");
  }

  /**
   * Sends {@code text} from {@code userId} to {@code toUserId}. BAD_REQUEST for a text that shows
   * nothing ({@link Validation#messageText}), a missing or over-long client message id, or oneself;
   * TEXT_TOO_LONG past {@link ChatLimits#maxTextLength} code points; NOT_FOUND for an unknown
   * recipient; NOT_FRIENDS unless the limits allow strangers; BLOCKED when the recipient blocks the sender; UNAUTHORIZED when {@code userId}
   * no longer exists; then the {@link MessagePolicy} may refuse it (REJECTED_BY_POLICY, UNAVAILABLE)
   * or replace its text. A repeated {@code clientMsgId} returns the original result (duplicate) and
   * publishes nothing; a new message is published through {@link ChatEvents#messageStored}.
   */
  public AppendResult send(long userId, long toUserId, String clientMsgId, String text) {
    return send(userId, null, toUserId, clientMsgId, text);
  }

  /** {@link #send} from the sender's session {@code originSessionId}, which is not pushed its own message. */
  public AppendResult send(long userId, String originSessionId, long toUserId, String clientMsgId, String text) {
    String checked = checkSend(userId, toUserId, clientMsgId, text);
    // Authorised first, then appended: the store de-duplicates on (sender, clientMsgId).
    AppendResult result = messages.append(userId, toUserId, clientMsgId, checked, clock.instant());
    if (!result.duplicate()) {
      events.messageStored(result, originSessionId);
    }
    return result;
  }

  /**
   * {@link #send} without holding the caller's thread while the message is stored: the checks and
   * the authorisation run on the calling thread and throw the same {@link ChatException}s as
   * {@link #send}; then {@link MessageStore#appendAsync} stores it, and the returned future completes
   * (on the store's thread, maybe a writer's, or at once) once it is stored in both mailboxes, after
   * a new message was published through {@link ChatEvents#messageStored}; it fails as the append
   * failed. Callers must not block the thread that completes it.
   */
  public CompletableFuture<AppendResult> sendAsync(long userId, long toUserId, String clientMsgId, String text) {
    return sendAsync(userId, null, toUserId, clientMsgId, text);
  }

  /** {@link #sendAsync} from the sender's session {@code originSessionId}, which is not pushed its own message. */
  public CompletableFuture<AppendResult> sendAsync(long userId, String originSessionId, long toUserId,
      String clientMsgId, String text) {
    String checked = checkSend(userId, toUserId, clientMsgId, text);
    CompletableFuture<AppendResult> stored = messages.appendAsync(userId, toUserId, clientMsgId, checked,
        clock.instant());
    if (stored.isDone() && !stored.isCompletedExceptionally()) {
      published(stored.join(), originSessionId); // a store that answered at once (in memory): no second future
      return stored;
    }
    return stored.thenApply(r -> published(r, originSessionId));
  }

  private AppendResult published(AppendResult result, String originSessionId) {
    if (!result.duplicate()) {
      events.messageStored(result, originSessionId);
    }
    return result;
  }

  /**
   * Mailbox entries after {@code afterSeq}, ascending, one page of {@link ChatLimits#pageSize}
   * ({@code limit}); {@code hasMore} when entries beyond the page exist. BAD_REQUEST for a negative
   * {@code afterSeq}.
   */
  public MailboxPage sync(long userId, long afterSeq, int limit) {
    nonNegative("afterSeq", afterSeq);
    int size = limits.pageSize(limit);
    List<MailboxEntry> read = messages.readMailbox(userId, afterSeq, size + 1);
    List<MailboxEntry> page = read.size() > size ? read.subList(0, size) : read;
    long lastRead = page.isEmpty() ? afterSeq : page.get(page.size() - 1).seq();
    // Read after the entries, so it is never below what the page holds.
    long lastSeq = Math.max(messages.lastSeq(userId), lastRead);
    return new MailboxPage(page, read.size() > size, lastSeq);
  }

  /**
   * Messages with {@code peerId} before {@code beforeId} (0: newest), newest first, one page of
   * {@link ChatLimits#pageSize}({@code limit}). NOT_FOUND for an unknown peer, BAD_REQUEST for a
   * negative {@code beforeId}.
   */
  public HistoryPage history(long userId, long peerId, long beforeId, int limit) {
    nonNegative("beforeId", beforeId);
    if (users.findById(peerId).isEmpty()) {
      throw new ChatException(ErrorCode.NOT_FOUND, "user " + peerId + " does not exist");
    }
    int size = limits.pageSize(limit);
    List<Message> read = messages.history(userId, peerId, beforeId, size + 1);
    boolean hasMore = read.size() > size;
    return new HistoryPage(hasMore ? read.subList(0, size) : read, hasMore);
  }

  /**
   * Conversations, most recent first, with last message and unread count; at most
   * {@link ChatLimits#pageSize}({@code limit}).
   */
  public List<Conversation> conversations(long userId, int limit) {
    return messages.conversations(userId, limits.pageSize(limit));
  }

  /**
   * Records that {@code userId} has read up to {@code upToSeq}; the position only moves forward and
   * never past the mailbox's last seq. Returns the position before and after
   * ({@link MessageStore#ack}). BAD_REQUEST when negative.
   */
  public AckResult ack(long userId, long upToSeq) {
    nonNegative("upToSeq", upToSeq);
    return messages.ack(userId, upToSeq);
  }

  /**
   * The read receipts an ack that raised {@code readerId}'s position owes: for each peer with
   * messages to the reader in ({@code ack.previousSeq()}, {@code ack.ackedSeq()}], the highest id
   * of those messages, keyed by the peer's id (the reader's own sent entries do not count). Empty
   * when the ack raised nothing. Bounded: at most {@link #MAX_RECEIPT_ENTRIES} entries are read, the
   * newest of the range; in a larger jump the older entries are not looked at, so a peer whose
   * messages lie only there gets no receipt for them (every peer whose messages reach into the
   * part read gets one, and a receipt up to an id covers that peer's earlier messages anyway).
   */
  public Map<Long, Long> receiptsOwed(long readerId, AckResult ack) {
    if (!ack.raised()) {
      return Map.of();
    }
    long from = Math.max(ack.previousSeq(), ack.ackedSeq() - MAX_RECEIPT_ENTRIES);
    Map<Long, Long> upTo = new HashMap<>();
    for (MailboxEntry e : messages.readMailbox(readerId, from, (int) (ack.ackedSeq() - from))) {
      Message m = e.message();
      if (m != null && e.seq() <= ack.ackedSeq() && m.senderId() != readerId) { // notices owe no receipt
        upTo.merge(m.senderId(), m.id(), Math::max);
      }
    }
    return upTo;
  }

  /** The highest seq in {@code userId}'s mailbox. */
  public long lastSeq(long userId) {
    return messages.lastSeq(userId);
  }

  /**
   * The identity of {@code userId}'s mailbox: the message store's deployment id and the account's
   * creation time in milliseconds as the epoch. UNAUTHORIZED when the user no longer exists.
   */
  public MailboxIdentity mailboxIdentity(long userId) {
    User user = users.findById(userId)
        .orElseThrow(() -> new ChatException(ErrorCode.UNAUTHORIZED, "user " + userId + " no longer exists"));
    return new MailboxIdentity(messages.deploymentId(), user.createdAt().toEpochMilli());
  }

  /** The policy every text this service stores passes; an edit stored elsewhere passes it too ({@link MessagePolicy#checkedText}). */
  public MessagePolicy policy() {
    return policy;
  }

  /** {@code userId}'s acknowledged position. */
  public long ackedSeq(long userId) {
    return messages.ackedSeq(userId);
  }

  /**
   * Everything {@link #send} refuses before it stores: a bad request, a recipient not allowed, or the
   * message policy (last, so an unauthorised send never reaches it); returns the text to store.
   */
  private String checkSend(long userId, long toUserId, String clientMsgId, String text) {
    Validation.clientMsgId(clientMsgId);
    checkText(text);
    if (userId == toUserId) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "user " + userId + " cannot message itself");
    }
    authorise(userId, toUserId);
    if (blocks.isBlocked(toUserId, userId)) {
      throw new ChatException(ErrorCode.BLOCKED, "this user does not accept messages from you");
    }
    if (policy.isNone()) {
      return text; // no Draft per message when nothing checks it
    }
    return policy.checkedText(new MessageInterceptor.Draft(userId, toUserId, 0, clientMsgId, text, false));
  }

  private void authorise(long userId, long toUserId) {
    // The common case costs one look-up: a friendship is only ever made between two existing users
    // (FriendService checks both) and users are never deleted, so friends both exist. Only a refusal
    // reads the users, to say which error it is.
    boolean friendsOnly = !limits.allowStrangers();
    if (friendsOnly && friends.areFriends(userId, toUserId)) {
      return;
    }
    Map<Long, User> found = users.findAllById(List.of(userId, toUserId));
    if (!found.containsKey(userId)) {
      throw new ChatException(ErrorCode.UNAUTHORIZED, "user " + userId + " no longer exists");
    }
    if (!found.containsKey(toUserId)) {
      throw new ChatException(ErrorCode.NOT_FOUND, "user " + toUserId + " does not exist");
    }
    if (friendsOnly) { // the look-up above already said they are not friends
      throw new ChatException(ErrorCode.NOT_FRIENDS, "user " + toUserId + " is not a friend of " + userId);
    }
  }


  private void checkText(String text) {
    Validation.messageText(text, limits.maxTextLength());
  }

  private static void nonNegative(String field, long value) {
    if (value < 0) {
      throw new ChatException(ErrorCode.BAD_REQUEST, field + " must not be negative, was " + value);
    }
  }
}
