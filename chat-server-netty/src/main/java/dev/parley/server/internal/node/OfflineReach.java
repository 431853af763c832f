package dev.parley.server.internal.node;

import dev.parley.server.internal.grpc.DeliverReply;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Who of a message's recipients one push reached with an unmuted session, for the offline push.
 * The router marks recipients reached as it writes to local sessions and hands one
 * {@link #remoteCall()} to each Deliver it makes to another node; once the router is done
 * ({@link #localDone()}) and every Deliver has answered (or failed, or timed out: then its
 * recipients count as not reached), each recipient not reached is offered to the {@link
 * OfflinePushes} once. Nothing waits: the last of those events makes the offers, on its own thread.
 *
 * <p>Thread-safe: local writes, gRPC callbacks and the router may touch it concurrently.
 */
final class OfflineReach {
  private final long[] recipients;
  private final long skipUserId;
  private final LongFunction<OfflinePushes.Candidate> candidate;
  private final OfflinePushes pushes;
  private final Set<Long> reached = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pending = new AtomicInteger(1); // the router's own part, ended by localDone

  /**
   * Tracks {@code recipients} but {@code skipUserId} (a group message's sender; 0: none);
   * {@code candidate} makes the push of a recipient not reached.
   */
  OfflineReach(long[] recipients, long skipUserId, LongFunction<OfflinePushes.Candidate> candidate,
      OfflinePushes pushes) {
    this.recipients = recipients;
    this.skipUserId = skipUserId;
    this.candidate = candidate;
    this.pushes = pushes;
  }

  /** {@code userId} got the frame on a session that is not muted. */
  void reached(long userId) {
    reached.add(userId);
  }

  /**
   * The outcome handler of one Deliver to another node: the reply's reached users count (for a
   * reply without that list, from a node that predates it, the sole user of the call counts when
   * any of its sessions was unmuted); a null reply (failure) reaches nobody.
   */
  Consumer<DeliverReply> remoteCall(long soleUserId) {
    pending.incrementAndGet();
    return reply -> {
      if (reply != null) {
        if (reply.getReachedUserIdsCount() > 0) {
          reply.getReachedUserIdsList().forEach(reached::add);
        } else if (soleUserId != 0 && reply.getUnmutedSessions() > 0) {
          reached.add(soleUserId);
        }
      }
      finishOne();
    };
  }

  /** The router has made every local write and every Deliver call. */
  void localDone() {
    finishOne();
  }

  private void finishOne() {
    if (pending.decrementAndGet() != 0) {
      return;
    }
    for (long userId : recipients) {
      if (userId != skipUserId && !reached.contains(userId)) {
        pushes.offer(candidate.apply(userId));
      }
    }
  }
}
