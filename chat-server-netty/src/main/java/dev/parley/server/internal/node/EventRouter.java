package dev.parley.server.internal.node;

import dev.parley.core.memory.InMemoryBlockStore;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.FriendView;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.Profile;
import dev.parley.core.model.RevisionResult;
import dev.parley.core.model.User;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatEvents;
import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.UserStore;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
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
 * Group entries go to every session of every member (but the sending one) with one presence
 * look-up for all of them, the local sessions pushed at once and one Deliver per other node
 * carrying all of its sessions (see {@link #groupMessageStored}); offline members get nothing
 * pushed and sync. Nothing waits for a remote node.
 *
 * <p>With the host's offline push on ({@link OfflinePushes#enabled()}), each 1:1 message's push to
 * its recipient and each group message's fan-out also track, in an {@link OfflineReach}, which
 * recipients an unmuted session got it on: local writes say so at once, each Deliver's reply
 * names the reached users of its node. Once every reply is in (a failed or timed-out call reaches
 * nobody), each recipient not reached (offline, only muted sessions, the lane full) is offered to
 * the {@link OfflinePushes} queue. The 1:1 push then runs on the recipient's lane as a fan-out task
 * (same lane, same order as before). With the push off nothing of this runs or is allocated.
 *
 * <p>Thread-safe.
 */
public final class EventRouter implements ChatEvents {
  private static final Logger log = LoggerFactory.getLogger(EventRouter.class);

  private final BlockStore blocks;
  private final String nodeId;
  private final PresenceRegistry presence;
  private final UserStore users;
  private final LocalSessions sessions;
  private final PeerNodeClients peers;
  private final RequestThreading threading;
  private final NodeMetrics metrics;
  private final OfflinePushes offline;
  private final RequestThreading.PushStep pushStep = this::pushToUser; // one object, not one per push

  /** Message pushes run where {@code threading} puts them; friend events on the calling thread. */
  public EventRouter(String nodeId, PresenceRegistry presence, UserStore users, LocalSessions sessions,
      PeerNodeClients peers, RequestThreading threading, NodeMetrics metrics) {
    this(nodeId, presence, users, sessions, peers, threading, metrics, OfflinePushes.disabled());
  }

  /**
   * As above; a recipient of a message whom its push did not reach with an unmuted session is
   * handed to {@code offline} (when {@link OfflinePushes#enabled()}).
   */
  public EventRouter(String nodeId, PresenceRegistry presence, UserStore users, LocalSessions sessions,
      PeerNodeClients peers, RequestThreading threading, NodeMetrics metrics, OfflinePushes offline) {
    this(nodeId, presence, users, sessions, peers, threading, metrics, offline, new InMemoryBlockStore());
  }

  /**
   * As above; a new friend's online state in {@code FriendAddedEvent} shows offline when that
   * friend blocks the user told (as {@link FriendRequests#seenBy}).
   */
  public EventRouter(String nodeId, PresenceRegistry presence, UserStore users, LocalSessions sessions,
      PeerNodeClients peers, RequestThreading threading, NodeMetrics metrics, OfflinePushes offline,
      BlockStore blocks) {
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.offline = offline;
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
    if (offline.enabled() && !result.duplicate()) {
      pushToRecipient(result);
    } else if (!threading.runPush(to, ProtoMapper.messageEvent(result.recipientEntry()), null, pushStep)) {
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

  /**
   * With offline push on: the recipient's push on the recipient's lane (the order of
   * {@link #pushToUser}), tracking whether an unmuted session got it; when not (offline, all muted,
   * the lane full, the look-up failed), the recipient's offline push is offered.
   */
  private void pushToRecipient(AppendResult result) {
    long to = result.recipientEntry().ownerId();
    Frame frame = ProtoMapper.messageEvent(result.recipientEntry());
    OfflineReach reach = offlineReach(result);
    if (!threading.runFanOut(to, () -> pushTracked(to, frame, reach))) {
      dropped(to, result);
      reach.localDone();
    }
  }

  /** Who of a 1:1 message's recipient(s) got it: the hook point of the offline push for 1:1 messages. */
  private OfflineReach offlineReach(AppendResult result) {
    var m = result.message();
    return new OfflineReach(new long[] {m.recipientId()}, 0,
        user -> new OfflinePushes.Candidate(user, m.senderId(), 0, m.id(), m.text(), m.sentAt()), offline);
  }

  private void pushTracked(long userId, Frame frame, OfflineReach reach) {
    try {
      pushToAll(presence.sessions(userId), frame, reach);
    } catch (RuntimeException e) {
      log.warn("could not push to user {}; the data is stored and will be synced", userId, e);
    } finally {
      reach.localDone();
    }
  }

  private void dropped(long userId, AppendResult result) {
    metrics.pushDropped();
    log.debug("push lane of user {} is full; message {} waits in the mailbox", userId, result.message().id());
  }

  /**
   * Each revision entry to its owner's sessions, on the owner's push lane like a message: the
   * actor's own entry to the actor's other sessions (the acting one has the RevisionAck), the other
   * participant's (recall, edit) to all of theirs.
   */
  @Override
  public void messageRevised(RevisionResult result, String originSessionId) {
    List<MailboxEntry> entries = result.entries();
    for (int i = 0; i < entries.size(); i++) {
      MailboxEntry e = entries.get(i);
      if (!threading.runPush(e.ownerId(), ProtoMapper.messageEvent(e), i == 0 ? originSessionId : null, pushStep)) {
        metrics.pushDropped();
        log.debug("push lane of user {} is full; revision {} waits in the mailbox", e.ownerId(), e.seq());
      }
    }
  }

  /** A group revision entry goes to every member's sessions but the acting one, like a group message. */
  @Override
  public void groupMessageRevised(GroupMessage revision, long[] memberIds, String originSessionId) {
    Frame frame = ProtoMapper.groupMessageEvent(revision);
    fanOutOnLane(revision.groupId(), () -> fanOut(memberIds, frame, originSessionId, null));
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
      ChatProtocol.Friend f = FriendRequests.seenBy(blocks::isBlocked, side.userId(), new FriendView(friend.get().profile(), side),
          presence.isOnline(side.friendId()));
      pushToUser(side.userId(), Frame.newBuilder()
          .setFriendAddedEvent(ChatProtocol.FriendAddedEvent.newBuilder().setFriend(f)).build());
    });
  }

  // friendRemoved: the protocol has no push for it; clients see it in their next ListFriends.

  // ---- groups ----

  /**
   * The message to every session of every member but the sending one. The frame is built once
   * here; the fan-out (one presence look-up for all members, local pushes, one Deliver per other
   * node) runs on the group's push lane when offloaded, so the members' pushes keep the order of
   * the group's stores and never hold the store's thread.
   */
  @Override
  public void groupMessageStored(GroupMessage message, long[] memberIds, String originSessionId) {
    Frame frame = ProtoMapper.groupMessageEvent(message);
    OfflineReach reach = offlineMembers(message, memberIds);
    if (!threading.runFanOut(message.groupId(), () -> {
      try {
        fanOut(memberIds, frame, originSessionId, reach);
      } finally {
        if (reach != null) {
          reach.localDone();
        }
      }
    })) {
      metrics.pushDropped();
      log.debug("push lane of group {} is full; its members get the entry by SyncGroup", message.groupId());
      if (reach != null) {
        reach.localDone(); // nobody was reached: every member but the sender gets the offline push
      }
    }
  }

  /** The group's state after the change, with its system entry, to every session of the recipients. */
  @Override
  public void groupUpdated(Group group, GroupMessage message, long[] recipientIds) {
    Frame frame = ProtoMapper.groupUpdatedEvent(group, message);
    fanOutOnLane(group.id(), () -> fanOut(recipientIds, frame, null, null));
  }

  /** A notice in the owner's mailbox goes to the owner's sessions like any mailbox entry, on the owner's lane. */
  @Override
  public void mailboxNotice(MailboxEntry entry) {
    long owner = entry.ownerId();
    if (!threading.runPush(owner, ProtoMapper.messageEvent(entry), null, pushStep)) {
      metrics.pushDropped();
      log.debug("push lane of user {} is full; notice {} waits in the mailbox", owner, entry.seq());
    }
  }

  /** The request, with the requester's profile, to every session of the group's owner and admins. */
  @Override
  public void joinRequested(JoinRequest request, long[] managerIds) {
    fanOutOnLane(request.groupId(), () -> {
      Profile from = users.findById(request.requesterId()).map(User::profile)
          .orElse(new Profile(request.requesterId(), "", "", "", ""));
      fanOut(managerIds, ProtoMapper.joinRequestEvent(request, from), null, null);
    });
  }

  private void fanOutOnLane(long groupId, Runnable fanOut) {
    if (!threading.runFanOut(groupId, fanOut)) {
      metrics.pushDropped();
      log.debug("push lane of group {} is full; its members get the entry by SyncGroup", groupId);
    }
  }

  /**
   * Pushes {@code frame} to every live session of {@code userIds} but {@code exceptSessionId}: one
   * presence look-up for them all, the sessions on this node written at once (each write only
   * queues on that session's own connection, so a slow member delays nobody else and is dropped by
   * its own output bound), and one Deliver per other node carrying all of its sessions and the
   * frame's bytes once. Returns who was online (null when the look-up failed; logged). {@code reach}
   * (null: not tracked) learns who was reached with an unmuted session.
   */
  private Map<Long, List<PresenceBinding>> fanOut(long[] userIds, Frame frame, String exceptSessionId,
      OfflineReach reach) {
    try {
      Map<Long, List<PresenceBinding>> online = presence.lookupAll(new LongList(userIds));
      List<PresenceBinding> targets = new ArrayList<>(online.size() + 4);
      for (List<PresenceBinding> live : online.values()) {
        for (PresenceBinding b : live) {
          if (!b.sessionId().equals(exceptSessionId)) {
            targets.add(b);
          }
        }
      }
      pushToAll(targets, frame, reach);
      return online;
    } catch (RuntimeException e) {
      log.warn("could not push {} to {} users; the data is stored and will be synced", frame.getBodyCase(),
          userIds.length, e);
      return null;
    }
  }

  /**
   * The hook point of the offline push for group messages: who of the members but the sender the
   * fan-out reaches with an unmuted session; each of the others (no live session, only muted ones,
   * or on a node whose Deliver failed) gets the host's offline push once the fan-out is done. Null
   * (nothing tracked) when the push is off or the entry is not a member's message.
   */
  private OfflineReach offlineMembers(GroupMessage message, long[] memberIds) {
    if (!offline.enabled() || message.kind() != GroupMessageKind.TEXT) {
      return null;
    }
    return new OfflineReach(memberIds, message.senderId(), user -> new OfflinePushes.Candidate(user,
        message.senderId(), message.groupId(), message.id(), message.text(), message.sentAt()), offline);
  }

  /** A read-only {@code List<Long>} view of a {@code long[]}, so a look-up of 500 ids copies nothing. */
  private static final class LongList extends AbstractList<Long> implements RandomAccess {
    private final long[] values;

    LongList(long[] values) {
      this.values = values;
    }

    @Override
    public Long get(int index) {
      return values[index];
    }

    @Override
    public int size() {
      return values.length;
    }
  }

  /**
   * Pushes {@code frame}, which nothing stores (a typing indicator), to every live session of
   * {@code userIds} but {@code exceptSessionId}, with the group fan-out's one presence look-up and
   * one Deliver per other node; on the calling thread. A failed look-up is logged and drops it.
   */
  public void pushToUsers(long[] userIds, Frame frame, String exceptSessionId) {
    if (userIds.length > 0) {
      fanOut(userIds, frame, exceptSessionId, null);
    }
  }

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
    pushToAll(targets, frame, null);
  }

  /** As {@link #pushToAll(Collection, Frame)}, telling {@code reach} (null: none) who was reached unmuted. */
  private void pushToAll(Collection<PresenceBinding> targets, Frame frame, OfflineReach reach) {
    Map<String, List<PresenceBinding>> remote = null;
    for (PresenceBinding b : targets) {
      if (nodeId.equals(b.nodeId())) {
        deliverLocal(b, frame, reach);
      } else {
        if (remote == null) {
          remote = new HashMap<>();
        }
        remote.computeIfAbsent(b.nodeId(), n -> new ArrayList<>()).add(b);
      }
    }
    if (remote != null) {
      remote.forEach((node, bindings) -> peers.deliver(node, bindings, frame,
          reach == null ? null : reach.remoteCall(soleUser(bindings))));
    }
  }

  private void deliverLocal(PresenceBinding b, Frame frame, OfflineReach reach) {
    if (sessions.deliver(b.userId(), b.sessionId(), frame) && reach != null
        && !sessions.isMuted(b.userId(), b.sessionId())) {
      reach.reached(b.userId());
    }
  }

  /** The one user all of {@code bindings} belong to; 0 when they are several users'. */
  private static long soleUser(List<PresenceBinding> bindings) {
    long user = bindings.get(0).userId();
    for (PresenceBinding b : bindings) {
      if (b.userId() != user) {
        return 0;
      }
    }
    return user;
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
