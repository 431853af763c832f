package dev.parley.server.internal.node;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AckResult;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.GroupSummary;
import dev.parley.core.model.HistoryPage;
import dev.parley.core.model.MailboxPage;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The messaging requests: send, sync, history, conversations (groups included) and ack, each acting as the session's
 * user; an ack that raised the read position is followed by {@link ReadPositions}. Thread-safe; stateless beyond the shared context.
 */
final class MessageRequests {
  private final NodeContext ctx;
  private final ReadPositions readPositions;

  MessageRequests(NodeContext ctx) {
    this.ctx = ctx;
    this.readPositions = new ReadPositions(ctx);
  }

  /** Registers the blocking requests into {@code handlers} and SendMessage into {@code async}. */
  void registerInto(Map<BodyCase, RequestHandler> handlers, Map<BodyCase, AsyncRequestHandler<?>> async) {
    async.put(BodyCase.SEND_MESSAGE, new SendMessage());
    handlers.put(BodyCase.SYNC, this::sync);
    handlers.put(BodyCase.HISTORY, this::history);
    handlers.put(BodyCase.LIST_CONVERSATIONS, this::conversations);
    handlers.put(BodyCase.ACK, this::ack);
  }

  /**
   * Checked and authorised on the request's thread, then appended without holding it: the SendAck
   * is built on the thread that completed the append, once it is stored in both mailboxes.
   */
  private final class SendMessage implements AsyncRequestHandler<AppendResult> {
    @Override
    public CompletableFuture<AppendResult> start(ChatSession s, Frame f) {
      ChatProtocol.SendMessageRequest r = f.getSendMessage();
      return ctx.messages().sendAsync(s.userId(), s.sessionId(), r.getToUserId(), r.getClientMsgId(), r.getText());
    }

    @Override
    public Frame.Builder answer(ChatSession s, AppendResult stored) {
      if (!stored.duplicate()) {
        ctx.metrics().messageSent();
      }
      // Taken after the append completed and its push was built: ReusedBuilders' rule (the
      // dispatcher builds the answer next, on this thread).
      ReusedBuilders b = ReusedBuilders.get();
      return b.answer().setSendAck(b.ack()
          .setMessageId(stored.message().id()).setClientMsgId(stored.message().clientMsgId())
          .setSeq(stored.senderEntry().seq()).setSentAtMs(stored.message().sentAt().toEpochMilli())
          .setDuplicate(stored.duplicate()).build());
    }
  }

  private Frame.Builder sync(ChatSession s, Frame f) {
    ChatProtocol.SyncRequest r = f.getSync();
    MailboxPage page = ctx.messages().sync(s.userId(), nonNegative("after_seq", r.getAfterSeq()),
        ctx.limits().pageSize(r.getLimit()));
    ChatProtocol.SyncResponse.Builder out = ChatProtocol.SyncResponse.newBuilder()
        .setHasMore(page.hasMore()).setMailboxSeq(page.lastSeq());
    page.entries().forEach(e -> out.addEntries(ProtoMapper.entry(e)));
    return Frame.newBuilder().setSyncResponse(out);
  }

  private Frame.Builder history(ChatSession s, Frame f) {
    ChatProtocol.HistoryRequest r = f.getHistory();
    HistoryPage page = ctx.messages().history(s.userId(), r.getPeerId(), r.getBeforeId(),
        ctx.limits().pageSize(r.getLimit()));
    ChatProtocol.HistoryResponse.Builder out = ChatProtocol.HistoryResponse.newBuilder().setHasMore(page.hasMore());
    page.messages().forEach(m -> out.addMessages(ProtoMapper.message(m)));
    return Frame.newBuilder().setHistoryResponse(out);
  }

  /**
   * The one-to-one conversations and the groups together, most recent last message first, one page:
   * each list is read newest first up to the page size and the two are merged.
   */
  private Frame.Builder conversations(ChatSession s, Frame f) {
    int size = ctx.limits().pageSize(f.getListConversations().getLimit());
    List<Conversation> direct = ctx.messages().conversations(s.userId(), size);
    List<GroupSummary> groups = ctx.groups().list(s.userId(), size);
    ChatProtocol.ListConversationsResponse.Builder out = ChatProtocol.ListConversationsResponse.newBuilder();
    int d = 0;
    int g = 0;
    while (out.getConversationsCount() < size && (d < direct.size() || g < groups.size())) {
      boolean takeDirect = g >= groups.size() || d < direct.size()
          && !direct.get(d).lastMessage().sentAt().isBefore(lastActive(groups.get(g)));
      out.addConversations(takeDirect ? ProtoMapper.conversation(direct.get(d++))
          : ProtoMapper.conversation(groups.get(g++)));
    }
    return Frame.newBuilder().setListConversationsResponse(out);
  }

  /** When a group last had an entry its member sees; its creation when none is visible. */
  private static Instant lastActive(GroupSummary g) {
    return g.lastMessage() != null ? g.lastMessage().sentAt() : g.group().createdAt();
  }

  /** Stores the position; a raise is then pushed to the user's other sessions (and receipted), see {@link ReadPositions}. */
  private Frame.Builder ack(ChatSession s, Frame f) {
    AckResult ack = ctx.messages().ack(s.userId(), nonNegative("up_to_seq", f.getAck().getUpToSeq()));
    readPositions.acked(s, ack);
    return Frame.newBuilder().setEmptyResponse(ChatProtocol.EmptyResponse.getDefaultInstance());
  }

  /** A uint64 above Long.MAX_VALUE arrives negative in Java; no seq is that large. */
  private static long nonNegative(String field, long v) {
    if (v < 0) {
      throw new ChatException(ErrorCode.BAD_REQUEST, field + " is out of range: " + Long.toUnsignedString(v));
    }
    return v;
  }
}
