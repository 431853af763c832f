package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.SyncGroupRequest;
import dev.parley.core.protocol.ChatProtocol.SyncGroupResponse;
import dev.parley.sdk.Group;
import dev.parley.sdk.GroupMessage;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the application's copy of each of the user's groups' logs complete and in order, the way
 * {@link MailboxSync} does for the mailbox, with one {@link MailboxSequencer} per group (every
 * group has its own gap-free seq). Pushed entries ({@code GroupMessageEvent},
 * {@code GroupUpdatedEvent}) and the entries of acknowledged group sends go through the group's
 * sequencer; one that skips ahead is held (bounded) and starts a {@code SyncGroup} after the
 * group's highest contiguous seq, page by page, until the gap is filled. After each login every
 * group whose {@code last_seq} is above the position is synced the same way.
 *
 * <p>Entries before the user joined are invisible to it and the server never returns them: when a
 * sync's first entry lies beyond the position, the seqs in between are invisible and the position
 * moves past them (a group met for the first time starts at 0 and jumps to the joined seq this
 * way). Each ready run goes to the {@link Deliverer} exactly once, in seq order per group. A group
 * stops being tracked when the user leaves it, is removed, or it is dissolved (a notice, the
 * group's own system entry, or the server answering NOT_A_MEMBER), and starts again when the user
 * joins it.
 *
 * <p>Not thread-safe: owned by one session's event loop.
 */
final class GroupSync {
  private static final Logger log = LoggerFactory.getLogger(GroupSync.class);
  static final int PAGE_SIZE = 100;
  /** Entries held per group beyond a gap; more are dropped and fetched again by the sync. */
  static final int MAX_BUFFERED_AHEAD = 1_000;

  /** Takes each ready run of one group's entries, in order; {@code afterSeq} is the seq before the run's first. */
  interface Deliverer {
    void deliver(long groupId, long afterSeq, List<GroupEntry> run);
  }

  /** What the session knows about one group it is a member of. */
  private static final class Tracked {
    final long groupId;
    final MailboxSequencer<GroupEntry> sequencer;
    boolean syncing;
    Group latest;

    Tracked(long groupId, long position) {
      this.groupId = groupId;
      this.sequencer = new MailboxSequencer<>(position, MAX_BUFFERED_AHEAD, GroupEntry::seq);
    }
  }

  private final Map<Long, Tracked> groups = new HashMap<>();
  /** The positions the local store held at the start, for groups not tracked yet. */
  private final Map<Long, Long> stored = new HashMap<>();
  private final EventLoop loop;
  private final Duration requestTimeout;
  private final Duration retryDelay;
  private final Deliverer deliver;
  private long selfId;
  private ChatConnection connection;

  /** @param storedPositions each group's highest contiguous seq in the local store */
  GroupSync(EventLoop loop, Map<Long, Long> storedPositions, Duration requestTimeout, Duration retryDelay,
      Deliverer deliver) {
    this.loop = loop;
    this.stored.putAll(storedPositions);
    this.requestTimeout = requestTimeout;
    this.retryDelay = retryDelay;
    this.deliver = deliver;
  }

  /** The highest contiguous seq handed on for {@code groupId} (0 when the group is not tracked). */
  long position(long groupId) {
    Tracked t = groups.get(groupId);
    return t == null ? 0 : t.sequencer.position();
  }

  /** The groups being tracked. */
  Set<Long> tracked() {
    return Set.copyOf(groups.keySet());
  }

  /** Forgets every position: the local copy was reset. */
  void reset() {
    groups.clear();
    stored.clear();
  }

  /**
   * Logged in on {@code c}: tracks exactly the login's groups (the user left the others) and syncs
   * each one whose last seq is above the position.
   */
  void onLoggedIn(ChatConnection c, long userId, List<ChatProtocol.GroupSummary> summaries) {
    connection = c;
    selfId = userId;
    Set<Long> current = summaries.stream().map(s -> s.getGroup().getGroupId()).collect(Collectors.toSet());
    groups.keySet().retainAll(current);
    for (ChatProtocol.GroupSummary s : summaries) {
      Tracked t = track(s.getGroup().getGroupId(), s.getSelf().getJoinedSeq());
      t.syncing = false;
      t.latest = GroupMapping.group(s.getGroup());
      if (s.getGroup().getLastSeq() > t.sequencer.position() || t.sequencer.hasGap()) {
        startSync(t);
      }
    }
  }

  void onDisconnected() {
    connection = null;
    groups.values().forEach(t -> t.syncing = false);
  }

  /** A GroupMessageEvent ({@code after} null) or GroupUpdatedEvent push. */
  void onPushed(ChatProtocol.GroupMessage message, ChatProtocol.Group after) {
    Tracked t = track(message.getGroupId(), 0);
    if (after != null) {
      t.latest = GroupMapping.group(after);
    }
    offer(t, new GroupEntry(GroupMapping.message(message, selfId), t.latest));
  }

  /** The log entry an acknowledged group send created. */
  void onOwnEntry(GroupMessage entry) {
    Tracked t = track(entry.groupId(), 0);
    offer(t, new GroupEntry(entry, t.latest));
  }

  /**
   * The user is a member of {@code groupId} (created, joined, added): track it from
   * {@code joinedSeq} on (or from where the store is) and sync what is there.
   */
  void onJoined(long groupId, long joinedSeq, Group group) {
    Tracked t = track(groupId, joinedSeq);
    if (group != null) {
      t.latest = group;
    }
    if (!t.syncing) {
      startSync(t); // one request even when nothing is new: the join is rare, a missed entry is not
    }
  }

  /** The user is no longer a member of {@code groupId}: stop syncing it and drop what waits. */
  void onLeft(long groupId) {
    Tracked t = groups.remove(groupId);
    if (t != null) {
      stored.put(groupId, t.sequencer.position()); // if it comes back, nothing is handed on twice
      log.debug("user {} left group {}; no longer syncing it", selfId, groupId);
    }
  }

  /** The group's state changed (a request's answer): what later system entries are reported with. */
  void onGroupState(Group group) {
    Tracked t = groups.get(group.groupId());
    if (t != null) {
      t.latest = group;
    }
  }

  private Tracked track(long groupId, long joinedSeq) {
    Tracked t = groups.computeIfAbsent(groupId, id -> new Tracked(id, stored.getOrDefault(id, 0L)));
    List<GroupEntry> ready = t.sequencer.skipTo(joinedSeq);
    if (!ready.isEmpty()) {
      handOn(t, ready);
    }
    return t;
  }

  private void offer(Tracked t, GroupEntry entry) {
    List<GroupEntry> ready = t.sequencer.offer(entry);
    if (!ready.isEmpty()) {
      handOn(t, ready);
    }
    if (groups.get(t.groupId) == t && t.sequencer.hasGap() && !t.syncing) {
      log.debug("group {}: seq {} skips ahead of {}; syncing the gap", t.groupId, t.sequencer.firstWaiting(),
          t.sequencer.position());
      startSync(t);
    }
  }

  private void handOn(Tracked t, List<GroupEntry> run) {
    deliver.deliver(t.groupId, run.get(0).seq() - 1, run);
    for (GroupEntry e : run) {
      if (endsOwnMembership(e.message())) {
        onLeft(t.groupId);
        return;
      }
    }
  }

  private boolean endsOwnMembership(GroupMessage m) {
    return m.kind() == GroupMessageKind.GROUP_DISSOLVED
        || (m.kind() == GroupMessageKind.MEMBER_KICKED || m.kind() == GroupMessageKind.MEMBER_LEFT)
        && m.targetIds().contains(selfId);
  }

  private void startSync(Tracked t) {
    if (connection == null || groups.get(t.groupId) != t) {
      return;
    }
    t.syncing = true;
    requestPage(connection, t);
  }

  private void requestPage(ChatConnection c, Tracked t) {
    long after = t.sequencer.position();
    Frame.Builder sync = Frame.newBuilder().setSyncGroup(SyncGroupRequest.newBuilder()
        .setGroupId(t.groupId).setAfterSeq(after).setLimit(PAGE_SIZE));
    c.request(sync, "sync_group", requestTimeout).whenComplete((response, error) -> {
      if (c != connection || groups.get(t.groupId) != t) {
        return; // a newer login restarted the sync, or the group is no longer tracked
      }
      if (error != null) {
        t.syncing = false;
        onSyncFailed(t, after, error);
      } else if (!response.hasSyncGroupResponse()) {
        t.syncing = false;
        retryLater(t, UnexpectedResponse.of("sync_group", response).getMessage(), null);
      } else {
        onPage(c, t, after, response.getSyncGroupResponse());
      }
    });
  }

  private void onPage(ChatConnection c, Tracked t, long after, SyncGroupResponse page) {
    List<ChatProtocol.GroupMessage> entries = page.getMessagesList();
    List<GroupEntry> ready = new ArrayList<>();
    if (!entries.isEmpty() && entries.get(0).getSeq() - 1 > t.sequencer.position()) {
      // nothing visible between the position and the first entry: written before the user joined
      ready.addAll(t.sequencer.skipTo(entries.get(0).getSeq() - 1));
    }
    for (ChatProtocol.GroupMessage m : entries) {
      ready.addAll(t.sequencer.offer(new GroupEntry(GroupMapping.message(m, selfId), t.latest)));
    }
    if (!ready.isEmpty()) {
      handOn(t, ready); // one run per page: one store write
    }
    if (groups.get(t.groupId) != t) {
      return; // the page ended the user's membership
    }
    boolean progressed = t.sequencer.position() > after;
    if (page.getHasMore() && progressed) {
      requestPage(c, t);
      return;
    }
    t.syncing = false;
    if (t.sequencer.hasGap()) {
      if (progressed) {
        startSync(t);
      } else {
        retryLater(t, "group " + t.groupId + ": gap after seq " + t.sequencer.position() + " not filled by sync", null);
      }
    }
  }

  private void onSyncFailed(Tracked t, long after, Throwable error) {
    if (error instanceof ChatException ce
        && (ce.code() == ErrorCode.NOT_A_MEMBER || ce.code() == ErrorCode.NOT_FOUND)) {
      log.debug("group {}: sync refused ({}); no longer syncing it", t.groupId, ce.getMessage());
      onLeft(t.groupId);
      return;
    }
    retryLater(t, "group " + t.groupId + ": sync after seq " + after + " failed: " + error.getMessage(), error);
  }

  private void retryLater(Tracked t, String why, Throwable error) {
    if (error instanceof ConnectionLostException) {
      return; // the next login syncs anyway
    }
    Duration delay = error instanceof ChatException ce && !ce.retryAfter().isZero() ? ce.retryAfter() : retryDelay;
    log.debug("{}; retrying in {} ms", why, delay.toMillis());
    ChatConnection c = connection;
    loop.schedule(() -> {
      if (c == connection && c != null && !t.syncing && groups.get(t.groupId) == t) {
        startSync(t);
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS);
  }
}
