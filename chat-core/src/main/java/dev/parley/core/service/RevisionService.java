package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.hooks.MessageInterceptor;
import dev.parley.core.internal.SafeEvents;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMember;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRevisionResult;
import dev.parley.core.model.Message;
import dev.parley.core.model.RevisionKind;
import dev.parley.core.model.RevisionResult;
import dev.parley.core.model.Validation;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Recall, edit and delete-for-me of one-to-one messages. Every method acts as {@code userId}, the
 * authenticated user, and only ever finds messages in that user's own mailbox: a message between
 * two other users is NOT_FOUND, exactly like one that does not exist. Recall and edit are the
 * sender's, within {@link ChatLimits#recallWindow()} and {@link ChatLimits#editWindow()} of the
 * send (TOO_LATE after, naming the window); delete is either participant's and only hides the
 * message from the caller's own mailbox. A stored revision is published through
 * {@link ChatEvents#messageRevised}. Thread-safe; methods block on the SPIs.
 */
public final class RevisionService {
  /**
   * Checks the new text of an edit the way a new message's text is checked by the deployment's
   * interceptor ({@link MessagePolicy#checkedText}, with {@code Draft.edit} true): returns the text to
   * store (maybe replaced) or throws the refusal (REJECTED_BY_POLICY, UNAVAILABLE, ...).
   */
  public interface EditCheck extends Function<MessageInterceptor.Draft, String> {
    /** Stores the text as given. */
    EditCheck NONE = MessageInterceptor.Draft::text;
  }

  /**
   * Recalls, edits and deletes-for-me (1:1 and group together) a user may make per {@link
   * #REVISION_WINDOW}, counted in the {@link RateLimiter} given (the node's shared one: across all
   * the user's sockets and nodes); past it RATE_LIMITED with the wait.
   */
  public static final int REVISIONS_PER_WINDOW = 60;
  /** The window of {@link #REVISIONS_PER_WINDOW}. */
  public static final Duration REVISION_WINDOW = Duration.ofMinutes(1);

  private final MessageStore messages;
  private final GroupStore groups;
  private final ChatEvents events;
  private final ChatLimits limits;
  private final Clock clock;
  private final EditCheck editCheck;
  private final RateLimiter rateLimiter;

  public RevisionService(MessageStore messages, GroupStore groups, ChatEvents events, ChatLimits limits, Clock clock) {
    this(messages, groups, events, limits, clock, EditCheck.NONE);
  }

  /**
   * A service that passes the text of every edit through {@code editCheck} before storing it; the
   * revision budget is counted in a limiter of its own (per service, i.e. per node).
   */
  public RevisionService(MessageStore messages, GroupStore groups, ChatEvents events, ChatLimits limits, Clock clock,
      EditCheck editCheck) {
    this(messages, groups, events, limits, clock, editCheck, new InMemoryRateLimiter(clock));
  }

  /** As above, with the revision budget ({@link #REVISIONS_PER_WINDOW}) counted in {@code rateLimiter}. */
  public RevisionService(MessageStore messages, GroupStore groups, ChatEvents events, ChatLimits limits, Clock clock,
      EditCheck editCheck, RateLimiter rateLimiter) {
    this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    this.messages = Objects.requireNonNull(messages, "messages");
    this.groups = Objects.requireNonNull(groups, "groups");
    this.events = new SafeEvents(Objects.requireNonNull(events, "events"));
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.editCheck = Objects.requireNonNull(editCheck, "editCheck");
  }

  /**
   * Recalls {@code userId}'s own message {@code messageId} for both participants. NOT_FOUND when it
   * is not in the caller's mailbox, NOT_ALLOWED when the caller received it, TOO_LATE past the
   * recall window. A recalled message is answered as a duplicate (nothing stored).
   */
  public RevisionResult recall(long userId, String originSessionId, long messageId) {
    spend(userId);
    Message m = visible(userId, messageId);
    senderOnly(userId, m, "recall");
    if (!m.recalled()) {
      inWindow(m.sentAt(), limits.recallWindow(), "recall");
    }
    return published(messages.revise(userId, messageId, RevisionKind.RECALLED, "", now()), originSessionId);
  }

  /**
   * Replaces the text of {@code userId}'s own message {@code messageId} for both participants. The
   * text is checked like a new message's (BAD_REQUEST, TEXT_TOO_LONG, and the deployment's
   * interceptor); NOT_FOUND when the message is not in the caller's mailbox, NOT_ALLOWED when the
   * caller received it or it was recalled, TOO_LATE past the edit window.
   */
  public RevisionResult edit(long userId, String originSessionId, long messageId, String text) {
    spend(userId);
    Validation.messageText(text, limits.maxTextLength());
    Message m = visible(userId, messageId);
    senderOnly(userId, m, "edit");
    if (m.recalled()) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "message " + messageId + " was recalled and cannot be edited");
    }
    inWindow(m.sentAt(), limits.editWindow(), "edit");
    String checked = editCheck.apply(new MessageInterceptor.Draft(userId, m.recipientId(), 0, m.clientMsgId(), text,
        true));
    return published(messages.revise(userId, messageId, RevisionKind.EDITED, checked, now()), originSessionId);
  }

  /**
   * Hides message {@code messageId} (sent or received) from {@code userId}'s own history and
   * conversation list; the other participant keeps it. NOT_FOUND when it is not in the caller's
   * mailbox; a second delete is a duplicate.
   */
  public RevisionResult deleteForMe(long userId, String originSessionId, long messageId) {
    spend(userId);
    visible(userId, messageId);
    return published(messages.revise(userId, messageId, RevisionKind.DELETED, "", now()), originSessionId);
  }

  /**
   * Recalls TEXT entry {@code seq} of group {@code groupId} for every member: the caller's own
   * within the recall window, or any member's at any time when the caller is the group's owner or
   * an admin. NOT_FOUND for a group that does not exist or was dissolved, or a seq that is no TEXT
   * entry the caller can see (at or below its joined seq counts as not existing); NOT_A_MEMBER for a
   * non-member; NOT_ALLOWED for another member's entry when the caller manages nothing; TOO_LATE
   * past the window. A recalled entry is answered as a duplicate.
   */
  public GroupRevisionResult recallGroupMessage(long userId, String originSessionId, long groupId, long seq) {
    spend(userId);
    GroupMessage target = visibleText(userId, groupId, seq);
    GroupMember self = groups.member(groupId, userId).orElseThrow(() -> notAMember(userId, groupId));
    if (!target.recalled()) {
      if (target.senderId() == userId && !self.role().isManager()) {
        inWindow(target.sentAt(), limits.recallWindow(), "recall");
      } else if (target.senderId() != userId && !self.role().isManager()) {
        throw new ChatException(ErrorCode.NOT_ALLOWED, "only its sender, the group's owner or an admin may recall "
            + "message " + seq + " of group " + groupId);
      }
    }
    return published(groupId, groups.revise(groupId, userId, seq, RevisionKind.RECALLED, "", now()),
        originSessionId, seq);
  }

  /**
   * Replaces the text of the caller's own TEXT entry {@code seq} of group {@code groupId} within the
   * edit window, for every member. The text is checked like a new message's. NOT_ALLOWED for another
   * member's entry or a recalled one; otherwise refused as {@link #recallGroupMessage}.
   */
  public GroupRevisionResult editGroupMessage(long userId, String originSessionId, long groupId, long seq,
      String text) {
    spend(userId);
    Validation.messageText(text, limits.maxTextLength());
    GroupMessage target = visibleText(userId, groupId, seq);
    if (target.senderId() != userId) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "only its sender may edit message " + seq + " of group "
          + groupId);
    }
    if (target.recalled()) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "message " + seq + " of group " + groupId
          + " was recalled and cannot be edited");
    }
    inWindow(target.sentAt(), limits.editWindow(), "edit");
    String checked = editCheck.apply(new MessageInterceptor.Draft(userId, 0, groupId, target.clientMsgId(), text,
        true));
    return published(groupId, groups.revise(groupId, userId, seq, RevisionKind.EDITED, checked, now()),
        originSessionId, seq);
  }

  /** The TEXT entry {@code seq} of a live group, when the caller is a member who can see it. */
  private GroupMessage visibleText(long userId, long groupId, long seq) {
    if (groupId <= 0 || seq <= 0) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "group_id and seq must be positive, were " + groupId + ", " + seq);
    }
    Group group = groups.find(groupId)
        .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "group " + groupId + " does not exist"));
    if (group.dissolved()) {
      throw new ChatException(ErrorCode.NOT_FOUND, "group " + groupId + " was dissolved");
    }
    GroupMember self = groups.member(groupId, userId).orElseThrow(() -> notAMember(userId, groupId));
    List<GroupMessage> read = seq > self.joinedSeq() ? groups.readAfter(groupId, seq - 1, 1) : List.of();
    if (read.isEmpty() || read.get(0).seq() != seq || read.get(0).kind() != GroupMessageKind.TEXT) {
      throw noSuchGroupMessage(groupId, seq);
    }
    return read.get(0);
  }

  private GroupRevisionResult published(long groupId, java.util.Optional<GroupRevisionResult> stored,
      String originSessionId, long seq) {
    GroupRevisionResult result = stored.orElseThrow(() -> noSuchGroupMessage(groupId, seq));
    if (!result.duplicate()) {
      events.groupMessageRevised(result.entry(), groups.memberIds(groupId), originSessionId);
    }
    return result;
  }

  private static ChatException noSuchGroupMessage(long groupId, long seq) {
    return new ChatException(ErrorCode.NOT_FOUND, "group " + groupId + " has no message at seq " + seq);
  }

  private static ChatException notAMember(long userId, long groupId) {
    return new ChatException(ErrorCode.NOT_A_MEMBER, "user " + userId + " is not a member of group " + groupId);
  }

  private Message visible(long userId, long messageId) {
    if (messageId <= 0) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "message_id must be positive, was " + messageId);
    }
    return messages.findInMailbox(userId, messageId)
        .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "message " + messageId + " is not in your mailbox"));
  }

  private static void senderOnly(long userId, Message m, String verb) {
    if (m.senderId() != userId) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "only the sender may " + verb + " message " + m.id());
    }
  }

  private void inWindow(Instant sentAt, Duration window, String verb) {
    if (Duration.between(sentAt, clock.instant()).compareTo(window) > 0) {
      throw tooLate(verb, window);
    }
  }

  /** TOO_LATE naming the window, e.g. "messages can be recalled for 2 minutes after sending". */
  static ChatException tooLate(String verb, Duration window) {
    return new ChatException(ErrorCode.TOO_LATE, "messages can be " + (verb.equals("recall") ? "recalled" : "edited")
        + " for " + describe(window) + " after sending");
  }

  /** A window in words: "2 minutes", "24 hours", "90 seconds". */
  static String describe(Duration d) {
    long s = d.toSeconds();
    if (s >= 86_400 && s % 86_400 == 0 && s != 86_400) {
      return plural(s / 86_400, "day");
    }
    if (s >= 3600 && s % 3600 == 0) {
      return plural(s / 3600, "hour");
    }
    if (s >= 60 && s % 60 == 0) {
      return plural(s / 60, "minute");
    }
    return s > 0 ? plural(s, "second") : d.toMillis() + " ms";
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }

  private void spend(long userId) {
    Optional<Duration> wait = rateLimiter.tryAcquire("revision:" + userId, REVISIONS_PER_WINDOW, REVISION_WINDOW);
    if (wait.isPresent()) {
      throw ChatException.rateLimited("user " + userId + " reached " + REVISIONS_PER_WINDOW
          + " recalls, edits and deletes per " + describe(REVISION_WINDOW) + "; retry in "
          + Math.max(1, wait.get().toSeconds()) + " s", wait.get());
    }
  }

  /** Milliseconds, the protocol's precision, so what is stored is what clients are told. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private RevisionResult published(RevisionResult result, String originSessionId) {
    if (!result.duplicate()) {
      events.messageRevised(result, originSessionId);
    }
    return result;
  }
}
