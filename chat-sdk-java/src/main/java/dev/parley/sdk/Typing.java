package dev.parley.sdk;

import dev.parley.core.model.TypingState;
import java.util.Objects;

/**
 * A typing indicator {@link ChatListener#onTyping} hears: {@code fromUserId} is typing (or stopped)
 * to this user ({@code toUserId} set, {@code groupId} 0) or in a group ({@code groupId} set,
 * {@code toUserId} 0). Never stored; a device that was offline misses it. Immutable.
 */
public record Typing(long fromUserId, long toUserId, long groupId, TypingState state) {
  public Typing {
    Objects.requireNonNull(state, "state");
  }

  /** Whether it is typing in a group rather than to this user. */
  public boolean inGroup() {
    return groupId != 0;
  }
}
