package dev.parley.server.internal.node;

import dev.parley.core.model.RevisionResult;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import java.util.Map;

/**
 * Recall, edit and delete-for-me (issue 15), each acting as the session's user: decoded, handed to
 * the node's {@link dev.parley.core.service.RevisionService}, which holds every rule, and answered
 * with a {@code RevisionAck}; a refusal is the service's {@code ChatException}, answered with its
 * code by the dispatcher. A request naming a group ({@code group_id} set) revises that group's log
 * entry {@code seq}; otherwise the one-to-one message {@code message_id}. Thread-safe; stateless
 * beyond the shared context.
 */
final class RevisionRequests {
  private final NodeContext ctx;

  RevisionRequests(NodeContext ctx) {
    this.ctx = ctx;
  }

  void registerInto(Map<BodyCase, RequestHandler> handlers) {
    handlers.put(BodyCase.RECALL_MESSAGE, this::recall);
    handlers.put(BodyCase.EDIT_MESSAGE, this::edit);
    handlers.put(BodyCase.DELETE_MESSAGE, this::delete);
  }

  private Frame.Builder recall(ChatSession s, Frame f) {
    ChatProtocol.RecallMessageRequest r = f.getRecallMessage();
    if (r.getGroupId() != 0) {
      return groupAck(ctx.revisions().recallGroupMessage(s.userId(), s.sessionId(), r.getGroupId(), r.getSeq()));
    }
    return ack(ctx.revisions().recall(s.userId(), s.sessionId(), r.getMessageId()));
  }

  private Frame.Builder edit(ChatSession s, Frame f) {
    ChatProtocol.EditMessageRequest r = f.getEditMessage();
    if (r.getGroupId() != 0) {
      return groupAck(ctx.revisions().editGroupMessage(s.userId(), s.sessionId(), r.getGroupId(), r.getSeq(),
          r.getText()));
    }
    return ack(ctx.revisions().edit(s.userId(), s.sessionId(), r.getMessageId(), r.getText()));
  }

  private Frame.Builder delete(ChatSession s, Frame f) {
    return ack(ctx.revisions().deleteForMe(s.userId(), s.sessionId(), f.getDeleteMessage().getMessageId()));
  }

  private static Frame.Builder ack(RevisionResult result) {
    ChatProtocol.RevisionAck.Builder ack = ChatProtocol.RevisionAck.newBuilder().setDuplicate(result.duplicate());
    if (!result.duplicate()) {
      ack.setSeq(result.actorEntry().seq()).setAtMs(result.actorEntry().revision().at().toEpochMilli())
          .setRevision(ProtoMapper.revision(result.actorEntry().revision()));
    }
    return Frame.newBuilder().setRevisionAck(ack);
  }

  private static Frame.Builder groupAck(dev.parley.core.model.GroupRevisionResult result) {
    ChatProtocol.RevisionAck.Builder ack = ChatProtocol.RevisionAck.newBuilder().setDuplicate(result.duplicate());
    if (!result.duplicate()) {
      ack.setSeq(result.entry().seq()).setAtMs(result.entry().sentAt().toEpochMilli())
          .setGroupMessage(ProtoMapper.groupMessage(result.entry()));
    }
    return Frame.newBuilder().setRevisionAck(ack);
  }
}
