package dev.parley.core.hooks;

import java.util.Objects;

/**
 * Checks every message (1:1 and group, new text and edits) before it is stored: accept, reject
 * with a reason ({@code REJECTED_BY_POLICY}) or replace the text (a word filter). Synchronous and
 * bounded in time: the node runs it with a deadline, and a slow or throwing interceptor fails the
 * send with {@code UNAVAILABLE}. Must be thread-safe.
 */
@FunctionalInterface
public interface MessageInterceptor {
  /** What is about to be stored. */
  Verdict check(Draft draft);

  /** Accepts everything. */
  MessageInterceptor NONE = draft -> Verdict.accept();

  /**
   * A message about to be stored: {@code recipientId} for a 1:1 message (0 in a group),
   * {@code groupId} for a group message (0 for 1:1); {@code edit} when it replaces the text of an
   * earlier message.
   */
  record Draft(long senderId, long recipientId, long groupId, String clientMsgId, String text, boolean edit) {
    public Draft {
      Objects.requireNonNull(clientMsgId, "clientMsgId");
      Objects.requireNonNull(text, "text");
    }
  }

  /** The interceptor's answer. {@code reason} for a rejection, {@code text} for a replacement. */
  record Verdict(Outcome outcome, String reason, String text) {
    public Verdict {
      Objects.requireNonNull(outcome, "outcome");
      if (outcome == Outcome.REJECT) {
        Objects.requireNonNull(reason, "reason");
      }
      if (outcome == Outcome.REPLACE) {
        Objects.requireNonNull(text, "text");
      }
    }

    public static Verdict accept() {
      return new Verdict(Outcome.ACCEPT, null, null);
    }

    /** Refuse the message; the sender is told {@code reason}. */
    public static Verdict reject(String reason) {
      return new Verdict(Outcome.REJECT, reason, null);
    }

    /** Store {@code text} instead (checked against the text limits again). */
    public static Verdict replace(String text) {
      return new Verdict(Outcome.REPLACE, null, text);
    }
  }

  enum Outcome { ACCEPT, REJECT, REPLACE }
}
