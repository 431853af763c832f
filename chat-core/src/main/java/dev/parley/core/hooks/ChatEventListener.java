package dev.parley.core.hooks;

import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.Message;

/**
 * What a host application hears about: called off the request path from one bounded queue (when
 * it is full, events are counted and dropped, see the metric {@code parley_host_events_dropped_total}),
 * so a slow listener never slows chat. Every method does nothing by default; a throwing one is
 * logged and the next event still comes.
 */
public interface ChatEventListener {
  /** A 1:1 message was stored (not a duplicate). */
  default void messageStored(Message message) {}

  /** A message was stored in a group's log (a member's TEXT entry, not a duplicate). */
  default void groupMessageStored(GroupMessage message) {}

  /** {@code userId} and {@code friendId} became friends (called once per friendship). */
  default void friendAdded(long userId, long friendId) {}

  /** {@code userId} removed {@code friendId}. */
  default void friendRemoved(long userId, long friendId) {}

  /** A group changed ({@code change} is the system entry: created, joined, left, kicked, ...; {@code group} after it). */
  default void groupChanged(Group group, GroupMessage change) {}

  /** The user's first session came up (the user went online anywhere in the deployment, as seen by one node). */
  default void userOnline(long userId) {}

  /** The user's last session ended. */
  default void userOffline(long userId) {}

  /** Hears nothing. */
  ChatEventListener NONE = new ChatEventListener() {};
}
