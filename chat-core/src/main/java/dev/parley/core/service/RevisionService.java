package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.internal.SafeEvents;
import dev.parley.core.model.Message;
import dev.parley.core.model.RevisionKind;
import dev.parley.core.model.RevisionResult;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.MessageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.BiFunction;

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
   * interceptor: returns the text to store (maybe replaced) or throws the refusal. Arguments: the
   * editing user, the text.
   */
  public interface EditCheck extends BiFunction<Long, String, String> {
    /** Stores the text as given. */
    EditCheck NONE = (userId, text) -> text;
  }

  private final MessageStore messages;
  private final ChatEvents events;
  private final ChatLimits limits;
  private final Clock clock;
  private final EditCheck editCheck;

  public RevisionService(MessageStore messages, ChatEvents events, ChatLimits limits, Clock clock) {
    this(messages, events, limits, clock, EditCheck.NONE);
  }

  /** A service that passes the text of every edit through {@code editCheck} before storing it. */
  public RevisionService(MessageStore messages, ChatEvents events, ChatLimits limits, Clock clock,
      EditCheck editCheck) {
    this.messages = Objects.requireNonNull(messages, "messages");
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
    Message m = visible(userId, messageId);
    senderOnly(userId, m, "recall");
    if (!m.recalled()) {
      inWindow(m, limits.recallWindow(), "recall");
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
    Validation.messageText(text, limits.maxTextLength());
    Message m = visible(userId, messageId);
    senderOnly(userId, m, "edit");
    if (m.recalled()) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "message " + messageId + " was recalled and cannot be edited");
    }
    inWindow(m, limits.editWindow(), "edit");
    String checked = editCheck.apply(userId, text);
    return published(messages.revise(userId, messageId, RevisionKind.EDITED, checked, now()), originSessionId);
  }

  /**
   * Hides message {@code messageId} (sent or received) from {@code userId}'s own history and
   * conversation list; the other participant keeps it. NOT_FOUND when it is not in the caller's
   * mailbox; a second delete is a duplicate.
   */
  public RevisionResult deleteForMe(long userId, String originSessionId, long messageId) {
    visible(userId, messageId);
    return published(messages.revise(userId, messageId, RevisionKind.DELETED, "", now()), originSessionId);
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

  private void inWindow(Message m, Duration window, String verb) {
    if (Duration.between(m.sentAt(), clock.instant()).compareTo(window) > 0) {
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
