package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.MailboxEntry;
import dev.parley.core.protocol.ChatProtocol.SyncRequest;
import dev.parley.core.protocol.ChatProtocol.SyncResponse;
import dev.parley.sdk.ChatMessage;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the application's copy of the mailbox complete and in order. After each login it syncs
 * from the highest contiguous seq, page by page until the node says there is no more; pushed
 * entries (messages and group notices) and the entries of acknowledged sends go through the same
 * {@link MailboxSequencer};
 * an entry that skips ahead starts a sync of the gap. Every ready run goes to {@code deliver}
 * exactly once, in seq order. It also tells when the session has first caught up: when the
 * position reaches the mailbox seq the node reported at the first login.
 *
 * <p>Not thread-safe: owned by one session's event loop.
 */
final class MailboxSync {
  private static final Logger log = LoggerFactory.getLogger(MailboxSync.class);
  static final int PAGE_SIZE = 100;

  private final EventLoop loop;
  private final MailboxSequencer<MailboxItem> sequencer;
  private final Duration requestTimeout;
  private final Duration retryDelay;
  private final Consumer<List<MailboxItem>> deliver;
  private final LongConsumer caughtUp;
  /** The mailbox seq of the first login, until the position reaches it; then -1. */
  private long catchUpTarget = -1;
  private boolean firstLoginSeen;
  private long selfId;
  private ChatConnection connection;
  private boolean syncing;

  /**
   * @param deliver takes each ready run of entries, in order
   * @param caughtUp hears the position once it first reaches the mailbox seq of the first login
   */
  MailboxSync(EventLoop loop, MailboxSequencer<MailboxItem> sequencer, Duration requestTimeout, Duration retryDelay,
      Consumer<List<MailboxItem>> deliver, LongConsumer caughtUp) {
    this.loop = loop;
    this.sequencer = sequencer;
    this.requestTimeout = requestTimeout;
    this.retryDelay = retryDelay;
    this.deliver = deliver;
    this.caughtUp = caughtUp;
  }

  long position() {
    return sequencer.position();
  }

  /** Forgets the position: the local copy was reset, the next sync starts from seq 0. */
  void reset() {
    sequencer.reset();
  }

  /**
   * Logged in on {@code c} as {@code userId}: sync everything after the position. The session has
   * already reset the position when the server's mailbox is not the one it holds ({@link LocalCopyCheck}).
   */
  void onLoggedIn(ChatConnection c, long userId, long serverMailboxSeq) {
    connection = c;
    selfId = userId;
    syncing = false;
    if (!firstLoginSeen) {
      firstLoginSeen = true;
      catchUpTarget = serverMailboxSeq;
      checkCaughtUp();
    }
    startSync();
  }

  void onDisconnected() {
    connection = null;
    syncing = false;
  }

  /** A MessageEvent push. */
  void onPushed(MailboxEntry entry) {
    accept(MailboxItem.of(entry, selfId));
    if (sequencer.hasGap() && !syncing) {
      log.debug("push of seq {} skips ahead of {}; syncing the gap", sequencer.firstWaiting(), sequencer.position());
      startSync();
    }
  }

  /** The entry an acknowledged send created in this user's own mailbox. */
  void onOwnEntry(ChatMessage entry) {
    accept(MailboxItem.of(entry));
    if (sequencer.hasGap() && !syncing) {
      startSync();
    }
  }

  /** The revision entry an acknowledged recall, edit or delete created in this user's own mailbox. */
  void onOwnRevision(dev.parley.sdk.MessageRevision revision) {
    accept(MailboxItem.of(revision));
    if (sequencer.hasGap() && !syncing) {
      startSync();
    }
  }

  private void accept(MailboxItem entry) {
    List<MailboxItem> ready = sequencer.offer(entry);
    if (!ready.isEmpty()) {
      deliver.accept(ready);
      checkCaughtUp();
    }
  }

  private void checkCaughtUp() {
    if (catchUpTarget >= 0 && sequencer.position() >= catchUpTarget) {
      catchUpTarget = -1;
      caughtUp.accept(sequencer.position());
    }
  }

  private void startSync() {
    if (connection == null) {
      return;
    }
    syncing = true;
    requestPage(connection);
  }

  private void requestPage(ChatConnection c) {
    long after = sequencer.position();
    Frame.Builder sync = Frame.newBuilder().setSync(SyncRequest.newBuilder().setAfterSeq(after).setLimit(PAGE_SIZE));
    c.request(sync, "sync", requestTimeout).whenComplete((response, error) -> {
      if (c != connection) {
        return; // a newer login restarted the sync
      }
      if (error != null) {
        syncing = false;
        retryLater("sync after seq " + after + " failed: " + error.getMessage(), error);
      } else if (!response.hasSyncResponse()) {
        syncing = false;
        retryLater(UnexpectedResponse.of("sync", response).getMessage(), null);
      } else {
        onPage(c, after, response.getSyncResponse());
      }
    });
  }

  private void onPage(ChatConnection c, long after, SyncResponse page) {
    page.getEntriesList().forEach(e -> accept(MailboxItem.of(e, selfId)));
    boolean progressed = sequencer.position() > after;
    if (page.getHasMore() && progressed) {
      requestPage(c);
      return;
    }
    syncing = false;
    if (sequencer.hasGap()) {
      if (progressed) {
        startSync();
      } else {
        // the pushed entry is not readable yet (or the node answered oddly); do not spin
        retryLater("gap after seq " + sequencer.position() + " not filled by sync", null);
      }
    }
  }

  private void retryLater(String why, Throwable error) {
    if (error instanceof ConnectionLostException) {
      return; // the next login syncs anyway
    }
    Duration delay = error instanceof ChatException ce && !ce.retryAfter().isZero() ? ce.retryAfter() : retryDelay;
    log.debug("{}; retrying in {} ms", why, delay.toMillis());
    ChatConnection c = connection;
    loop.schedule(() -> {
      if (c == connection && c != null && !syncing) {
        startSync();
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS);
  }
}
