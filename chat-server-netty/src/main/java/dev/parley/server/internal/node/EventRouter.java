package dev.parley.server.internal.node;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.FriendView;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.User;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatEvents;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.UserStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes what the services stored to every live session of the users concerned, wherever they are
 * online: to local sessions, through {@link PeerNodeClients} to other nodes (one call per node,
 * carrying every session of the push there), or nowhere when they are offline (their mailbox and
 * friend lists hold everything). Nothing here ever fails the store that triggered it.
 *
 * <p>A stored message goes to every session of the recipient and to every session of the sender
 * but the one that sent it (which gets the {@code SendAck}): each user's push is one step in that
 * user's order. Where the steps run, the node's {@link RequestThreading} says: offloaded, on its
 * {@link PushLanes} (one lane per user), so the presence look-up never delays the sender's SendAck
 * (when a user's lane is full the push is dropped, counted, logged at debug, and the user gets the
 * message by sync); inline (every backend non-blocking, requests on the event loops), at once on
 * the calling thread. Friend and presence events are routed on the thread that ran the service call.
 * Nothing waits for a remote node.
 *
 * <p>Thread-safe.
 */
public final class EventRouter implements ChatEvents {
  private static final Logger log = LoggerFactory.getLogger(EventRouter.class);

  private final String nodeId;
  private final PresenceRegistry presence;
  private final UserStore users;
  private final LocalSessions sessions;
  private final PeerNodeClients peers;
  private final RequestThreading threading;
  private final NodeMetrics metrics;
  private final RequestThreading.PushStep pushStep = this::pushToUser; // one object, not one per push

  /** Message pushes run where {@code threading} puts them; friend events on the calling thread. */
  public EventRouter(String nodeId, PresenceRegistry presence, UserStore users, LocalSessions sessions,
      PeerNodeClients peers, RequestThreading threading, NodeMetrics metrics) {
    this.threading = threading;
    this.metrics = metrics;
    this.nodeId = nodeId;
    this.presence = presence;
    this.users = users;
    this.sessions = sessions;
    this.peers = peers;
  }

  @Override
  public void messageStored(AppendResult result) {
    messageStored(result, null);
  }

  @Override
  public void messageStored(AppendResult result, String originSessionId) {
    long to = result.recipientEntry().ownerId();
    if (!threading.runPush(to, ProtoMapper.messageEvent(result.recipientEntry()), null, pushStep)) {
      dropped(to, result);
    }
    long from = result.senderEntry().ownerId();
    if (threading.isInline()) {
      pushEcho(result, originSessionId); // at once: look up first, build the frame only for other sessions
    } else if (!threading.runPush(from, ProtoMapper.messageEvent(result.senderEntry()), originSessionId, pushStep)) {
      dropped(from, result);
    }
  }

  /**
   * The sender's entry to the sender's sessions but {@code originSessionId}. Most senders have no
   * other session: then nothing is built.
   */
  private void pushEcho(AppendResult result, String originSessionId) {
    long from = result.senderEntry().ownerId();
    try {
      List<PresenceBinding> live = presence.sessions(from);
      if (live.isEmpty() || live.size() == 1 && live.get(0).sessionId().equals(originSessionId)) {
        return;
      }
      pushToUser(from, live, ProtoMapper.messageEvent(result.senderEntry()), originSessionId);
    } catch (RuntimeException e) {
      log.warn("could not push to user {}; the data is stored and will be synced", from, e);
    }
  }

  private void dropped(long userId, AppendResult result) {
    metrics.pushDropped();
    log.debug("push lane of user {} is full; message {} waits in the mailbox", userId, result.message().id());
  }

  @Override
  public void friendRequestReceived(FriendRequest request) {
    guarded("friend request " + request.id(), () -> users.findById(request.fromUserId()).ifPresent(from ->
        pushToUser(request.toUserId(), Frame.newBuilder().setFriendRequestEvent(
            ChatProtocol.FriendRequestEvent.newBuilder()
                .setRequest(ProtoMapper.friendRequest(request, from.profile()))).build())));
  }

  @Override
  public void friendAdded(Friendship side) {
    guarded("friend added " + side.userId() + "/" + side.friendId(), () -> {
      Optional<User> friend = users.findById(side.friendId());
      if (friend.isEmpty()) {
        return;
      }
      boolean online = presence.isOnline(side.friendId());
      ChatProtocol.Friend f = ProtoMapper.friend(new FriendView(friend.get().profile(), side), online);
      pushToUser(side.userId(), Frame.newBuilder()
          .setFriendAddedEvent(ChatProtocol.FriendAddedEvent.newBuilder().setFriend(f)).build());
    });
  }

  // friendRemoved: the protocol has no push for it; clients see it in their next ListFriends.

  /** Pushes {@code frame} to every live session of {@code userId}. */
  public void pushToUser(long userId, Frame frame) {
    pushToUser(userId, frame, null);
  }

  /** Pushes {@code frame} to every live session of {@code userId} but {@code exceptSessionId} (null: none). */
  public void pushToUser(long userId, Frame frame, String exceptSessionId) {
    // Not through guarded(): this runs once per message, and its label would be built every time.
    try {
      pushToUser(userId, presence.sessions(userId), frame, exceptSessionId);
    } catch (RuntimeException e) {
      log.warn("could not push to user {}; the data is stored and will be synced", userId, e);
    }
  }

  private void pushToUser(long userId, List<PresenceBinding> live, Frame frame, String exceptSessionId) {
    if (live.size() == 1) { // the common case: no grouping, nothing allocated
      PresenceBinding only = live.get(0);
      if (!only.sessionId().equals(exceptSessionId)) {
        pushTo(only, frame);
      }
    } else if (!live.isEmpty()) {
      List<PresenceBinding> targets = new ArrayList<>(live.size());
      for (PresenceBinding b : live) {
        if (!b.sessionId().equals(exceptSessionId)) {
          targets.add(b);
        }
      }
      pushToAll(targets, frame);
    }
  }

  /**
   * Pushes {@code frame} to every session in {@code targets} (of any users): local ones at once,
   * remote ones with one node-to-node call per node.
   */
  public void pushToAll(Collection<PresenceBinding> targets, Frame frame) {
    Map<String, List<PresenceBinding>> remote = null;
    for (PresenceBinding b : targets) {
      if (nodeId.equals(b.nodeId())) {
        sessions.deliver(b.userId(), b.sessionId(), frame);
      } else {
        if (remote == null) {
          remote = new HashMap<>();
        }
        remote.computeIfAbsent(b.nodeId(), n -> new ArrayList<>()).add(b);
      }
    }
    if (remote != null) {
      remote.forEach((node, bindings) -> peers.deliver(node, bindings, frame));
    }
  }

  /** Pushes {@code frame} to the session {@code binding} names. */
  public void pushTo(PresenceBinding binding, Frame frame) {
    if (nodeId.equals(binding.nodeId())) {
      sessions.deliver(binding.userId(), binding.sessionId(), frame);
    } else {
      peers.deliver(binding.nodeId(), List.of(binding), frame);
    }
  }

  /** Ends the session {@code binding} names, here or on its node, with {@code Kicked{code}}. */
  public void kick(PresenceBinding binding, KickReason code) {
    String text = Frames.kickText(code);
    if (nodeId.equals(binding.nodeId())) {
      sessions.kick(binding.userId(), binding.sessionId(), code, text);
    } else {
      peers.kick(binding, code, text);
    }
  }

  private static void guarded(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.warn("could not push {}; the data is stored and will be synced", what, e);
    }
  }
}
