package dev.parley.server.internal.node;

import dev.parley.core.hooks.OfflinePush;
import dev.parley.core.hooks.OfflinePush.PreviewMode;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupSummary;
import dev.parley.core.model.Profile;
import dev.parley.core.model.User;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.UserStore;
import dev.parley.netty.internal.DaemonThreads;
import dev.parley.server.internal.transport.CheapRejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's offline push dispatcher: {@link EventRouter} hands it a {@link Candidate} for every
 * recipient its push reached with no unmuted session, and it does the rest off the request path,
 * on its own threads behind a bounded queue (full: the push is dropped and counted in {@code
 * parley.offline.push.dropped}): it reads the sender's name and the group's name, sums the
 * recipient's unread count (1:1 conversations and groups, capped at {@link GroupSummary#MAX_UNREAD}),
 * applies the preview mode, and calls the host's sender ({@code parley.offline.push.sent}, or
 * {@code parley.offline.push.failed} when it throws). Turned off ({@link #disabled()}), it holds no
 * thread and registers no meter, and the router tracks nothing.
 *
 * <p>Thread-safe; owned by the node, which calls {@link #shutdown} once when it stops.
 */
public final class OfflinePushes {
  private static final Logger log = LoggerFactory.getLogger(OfflinePushes.class);
  // Conversations read for the unread count: the badge is capped anyway, and the most recent hold the unread.
  private static final int UNREAD_CONVERSATIONS = 200;
  private static final OfflinePushes DISABLED = new OfflinePushes();

  /**
   * What the router knows when it decides that {@code userId} was not reached: the message's ids,
   * text and time. {@code groupId} 0 for a 1:1 message (then the conversation is the sender).
   */
  public record Candidate(long userId, long senderId, long groupId, long messageId, String text, Instant sentAt) {}

  private final OfflinePushSettings settings;
  private final UserStore users;
  private final MessageStore messages;
  private final GroupStore groups;
  private final int maxGroups;
  private final ThreadPoolExecutor dispatcher;
  private final Counter sent;
  private final Counter failed;
  private final Counter dropped;

  private OfflinePushes() {
    settings = OfflinePushSettings.none();
    users = null;
    messages = null;
    groups = null;
    maxGroups = 0;
    dispatcher = null;
    sent = failed = dropped = null;
  }

  private OfflinePushes(OfflinePushSettings settings, UserStore users, MessageStore messages, GroupStore groups,
      int maxGroups, MeterRegistry meters, String nodeId) {
    this.settings = settings;
    this.users = users;
    this.messages = messages;
    this.groups = groups;
    this.maxGroups = maxGroups;
    this.dispatcher = new ThreadPoolExecutor(settings.threads(), settings.threads(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(settings.queueCapacity()), DaemonThreads.named("parley-" + nodeId + "-offline-push-"),
        CheapRejection.INSTANCE);
    sent = Counter.builder("parley.offline.push.sent").description("offline pushes handed to the host's sender")
        .tag("node", nodeId).register(meters);
    failed = Counter.builder("parley.offline.push.failed")
        .description("offline pushes whose sender threw (or whose names or unread count could not be read)")
        .tag("node", nodeId).register(meters);
    dropped = Counter.builder("parley.offline.push.dropped")
        .description("offline pushes dropped because the dispatcher's queue was full")
        .tag("node", nodeId).register(meters);
    if (settings.sender() instanceof MeterBinder binder) {
      binder.bindTo(meters); // the shipped webhook's own meters join the node's
    }
  }

  /** No offline push: {@link #enabled()} is false and {@link #offer} does nothing. */
  public static OfflinePushes disabled() {
    return DISABLED;
  }

  /** The dispatcher of {@code settings}, or {@link #disabled()} when they name no sender. */
  public static OfflinePushes start(OfflinePushSettings settings, UserStore users, MessageStore messages,
      GroupStore groups, int maxGroups, MeterRegistry meters, String nodeId) {
    if (!settings.enabled()) {
      return DISABLED;
    }
    return new OfflinePushes(settings, users, messages, groups, maxGroups, meters, nodeId);
  }

  /** Whether a sender is set; when false the router neither tracks reach nor offers anything. */
  public boolean enabled() {
    return dispatcher != null;
  }

  /** Queues the push of {@code c}; never blocks. Dropped and counted when the queue is full. */
  public void offer(Candidate c) {
    if (dispatcher == null) {
      return;
    }
    try {
      dispatcher.execute(() -> dispatch(c));
    } catch (RejectedExecutionException e) {
      dropped.increment();
      log.debug("offline push queue full; no push to user {} for message {}", c.userId(), c.messageId());
    }
  }

  private void dispatch(Candidate c) {
    try {
      settings.sender().send(push(c));
      sent.increment();
    } catch (Exception e) {
      failed.increment();
      log.warn("offline push to user {} for message {} failed: {}", c.userId(), c.messageId(), e.toString());
    }
  }

  /** The push for {@code c}: names and text as the preview mode allows, and the unread count. */
  OfflinePush push(Candidate c) {
    PreviewMode mode = settings.previewMode();
    String senderName = "";
    String groupName = "";
    if (mode != PreviewMode.NONE) {
      senderName = users.findById(c.senderId()).map(User::profile).map(OfflinePushes::displayName).orElse("");
      groupName = c.groupId() == 0 ? "" : groups.find(c.groupId()).map(Group::name).orElse("");
    }
    String preview = mode == PreviewMode.TEXT ? preview(c.text(), settings.previewLength()) : "";
    long peerId = c.groupId() == 0 ? c.senderId() : 0;
    return new OfflinePush(c.userId(), c.senderId(), senderName, peerId, c.groupId(), groupName, c.messageId(),
        preview, unreadCount(c.userId()), c.sentAt());
  }

  /** The nickname when the user set one, else the name. */
  private static String displayName(Profile p) {
    return p.nickname().isBlank() ? p.name() : p.nickname();
  }

  /**
   * {@code text} cut to at most {@code maxCodePoints} code points (never inside a surrogate pair),
   * with "…" added when anything was cut.
   */
  static String preview(String text, int maxCodePoints) {
    if (text.codePointCount(0, text.length()) <= maxCodePoints) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, maxCodePoints)) + "…";
  }

  /** The user's unread 1:1 messages and group entries, capped at {@link GroupSummary#MAX_UNREAD}. */
  int unreadCount(long userId) {
    long total = 0;
    for (Conversation c : messages.conversations(userId, UNREAD_CONVERSATIONS)) {
      total += c.unreadCount();
    }
    if (total < GroupSummary.MAX_UNREAD) {
      for (GroupSummary g : groups.groupsOf(userId, maxGroups)) {
        total += g.unreadCount();
      }
    }
    return (int) Math.min(total, GroupSummary.MAX_UNREAD);
  }

  /** Lets queued pushes run for up to two seconds, then abandons the rest. */
  public void shutdown() {
    if (dispatcher == null) {
      return;
    }
    dispatcher.shutdown();
    try {
      if (!dispatcher.awaitTermination(2, TimeUnit.SECONDS)) {
        dispatcher.shutdownNow();
      }
    } catch (InterruptedException e) {
      dispatcher.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
