package dev.parley.server.internal.node;

import dev.parley.core.model.AckResult;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows an Ack that raised a user's read position, after the store has recorded it and
 * without delaying the Ack's answer:
 * <ul>
 *   <li>the user's other sessions (every device but the acking one, on any node) are pushed
 *       {@code ReadPositionEvent{acked_seq}} with the position reached, in the user's push order
 *       ({@link RequestThreading#runPush}). Two devices acking at once may see their pushes
 *       arrive in either order; each carries the value its ack reached, so a client keeps the
 *       highest it has seen (the position itself never moves backwards);</li>
 *   <li>where the deployment enables read receipts ({@code ChatLimits.readReceipts}) and the reader
 *       has not turned them off ({@code send_read_receipts}), every session of each peer whose
 *       messages the ack covered is pushed {@code ReadReceiptEvent{peer_id = reader, up_to_message_id}}
 *       ({@link dev.parley.core.service.MessageService#receiptsOwed}, at most
 *       {@link dev.parley.core.service.MessageService#MAX_RECEIPT_ENTRIES} entries read). This reads
 *       the settings and the mailbox, so it runs where the node runs work
 *       ({@link RequestThreading#runWork}: the blocking-work pool, or at once when inline); receipts
 *       of quick successive acks may arrive out of order, and a client keeps the highest id.</li>
 * </ul>
 * A push that cannot be queued is dropped and counted: the position is stored and read at the next
 * login, and receipts are a courtesy. Thread-safe.
 */
final class ReadPositions {
  private static final Logger log = LoggerFactory.getLogger(ReadPositions.class);

  private final NodeContext ctx;
  private final RequestThreading.PushStep push; // one object, not one per ack

  ReadPositions(NodeContext ctx) {
    this.ctx = ctx;
    this.push = ctx.router()::pushToUser;
  }

  /** Called after {@code s}'s user's ack was stored with result {@code ack}; nothing when it raised nothing. */
  void acked(ChatSession s, AckResult ack) {
    if (!ack.raised()) {
      return;
    }
    long userId = s.userId();
    Frame position = Frame.newBuilder().setReadPositionEvent(
        ChatProtocol.ReadPositionEvent.newBuilder().setAckedSeq(ack.ackedSeq())).build();
    if (!ctx.threading().runPush(userId, position, s.sessionId(), push)) {
      ctx.metrics().pushDropped();
      log.debug("push lane of user {} is full; read position {} waits for the next login", userId, ack.ackedSeq());
    }
    if (ctx.limits().readReceipts() && !ctx.threading().runWork(() -> sendReceipts(userId, ack))) {
      ctx.metrics().pushDropped();
      log.debug("work queue is full; no read receipts for user {}'s ack to {}", userId, ack.ackedSeq());
    }
  }

  /**
   * Called after {@code s}'s user's AckGroup was stored with result {@code ack}: the user's other
   * sessions are pushed {@code GroupReadPositionEvent}, as {@link #acked} pushes the mailbox's.
   */
  void groupAcked(ChatSession s, long groupId, AckResult ack) {
    if (!ack.raised()) {
      return;
    }
    Frame position = Frame.newBuilder().setGroupReadPositionEvent(ChatProtocol.GroupReadPositionEvent.newBuilder()
        .setGroupId(groupId).setReadSeq(ack.ackedSeq())).build();
    if (!ctx.threading().runPush(s.userId(), position, s.sessionId(), push)) {
      ctx.metrics().pushDropped();
      log.debug("push lane of user {} is full; group {} read position {} waits for the next login", s.userId(),
          groupId, ack.ackedSeq());
    }
  }

  private void sendReceipts(long readerId, AckResult ack) {
    try {
      if (!ctx.profiles().settings(readerId).sendReadReceipts()) {
        return;
      }
      for (Map.Entry<Long, Long> owed : ctx.messages().receiptsOwed(readerId, ack).entrySet()) {
        ctx.router().pushToUser(owed.getKey(), Frame.newBuilder().setReadReceiptEvent(
            ChatProtocol.ReadReceiptEvent.newBuilder().setPeerId(readerId).setUpToMessageId(owed.getValue())).build());
      }
    } catch (RuntimeException e) {
      log.warn("could not send the read receipts of user {} up to seq {}", readerId, ack.ackedSeq(), e);
    }
  }
}
