package dev.parley.core.model;

import java.util.Objects;

/**
 * The outcome of storing a group message. {@code duplicate} is true when the sender had already
 * stored this client message id in this group and nothing new was written; the message is then the
 * original one. Immutable.
 */
public record GroupAppendResult(GroupMessage message, boolean duplicate) {
  public GroupAppendResult {
    Objects.requireNonNull(message, "message");
  }
}
