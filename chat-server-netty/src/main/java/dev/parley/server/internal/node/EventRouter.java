package dev.parley.server.internal.node;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.FriendView;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.User;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatEvents;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.UserStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes what the services stored to the users concerned, wherever they are online: to a local
 * session, through {@link PeerNodeClients} to another node, or nowhere when they are offline (their
 * mailbox and friend lists hold everything). Nothing here ever fails the store that triggered it.
 *
 * <p>Thread-safe. A stored message is pushed where the node's {@link RequestThreading} says: offloaded,
 * on its {@link PushLanes}, so its presence look-up never delays the sender's SendAck (when the
 * recipient's lane is full the push is dropped, counted, logged at debug, and the recipient gets the
 * message by sync); inline (every backend non-blocking, requests on the event loops), at once on the
 * calling thread, an in-memory look-up and a channel write. Friend events are routed on
 * the thread that ran the service call. Nothing waits for a remote node.
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
    long to = result.recipientEntry().ownerId();
    Frame event = ProtoMapper.messageEvent(result.recipientEntry());
    if (!threading.runPush(to, event, pushStep)) {
      metrics.pushDropped();
      log.debug("push lane of user {} is full; message {} waits in the mailbox", to, result.message().id());
    }
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
      boolean online = presence.lookup(side.friendId()).isPresent();
      ChatProtocol.Friend f = ProtoMapper.friend(new FriendView(friend.get().profile(), side), online);
      pushToUser(side.userId(), Frame.newBuilder()
          .setFriendAddedEvent(ChatProtocol.FriendAddedEvent.newBuilder().setFriend(f)).build());
    });
  }

  // friendRemoved: the protocol has no push for it; clients see it in their next ListFriends.

  /** Pushes {@code frame} to {@code userId} if online anywhere. */
  public void pushToUser(long userId, Frame frame) {
    // Not through guarded(): this runs once per message, and its label would be built every time.
    try {
      Optional<PresenceBinding> binding = presence.lookup(userId); // no capturing lambda per push
      if (binding.isPresent()) {
        pushTo(binding.get(), frame);
      }
    } catch (RuntimeException e) {
      log.warn("could not push to user {}; the data is stored and will be synced", userId, e);
    }
  }

  /** Pushes {@code frame} to the session {@code binding} names. */
  public void pushTo(PresenceBinding binding, Frame frame) {
    if (nodeId.equals(binding.nodeId())) {
      sessions.deliver(binding.userId(), binding.sessionId(), frame);
    } else {
      peers.deliver(binding, frame);
    }
  }

  /** Ends the session {@code binding} names, here or on its node. */
  public void kick(PresenceBinding binding, String reason) {
    if (nodeId.equals(binding.nodeId())) {
      sessions.kick(binding.userId(), binding.sessionId(), reason);
    } else {
      peers.kick(binding, reason);
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
