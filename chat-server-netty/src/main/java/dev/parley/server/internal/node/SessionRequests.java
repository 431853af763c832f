package dev.parley.server.internal.node;

import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import java.util.Map;

/**
 * Requests about the calling session itself rather than its user's data: MuteSessionRequest, which
 * marks the session muted or unmuted for the offline push (it keeps receiving every push; see
 * {@link ChatSession#isMuted}). Answered EmptyResponse. Only a flag on the session changes, so it
 * touches no SPI. Thread-safe; stateless.
 */
final class SessionRequests {
  private static final ChatProtocol.EmptyResponse EMPTY = ChatProtocol.EmptyResponse.getDefaultInstance();

  SessionRequests(NodeContext ctx) {
    // Nothing of the context is needed yet; the constructor keeps the shape of the other request classes.
  }

  void registerInto(Map<BodyCase, RequestHandler> handlers) {
    handlers.put(BodyCase.MUTE_SESSION, this::muteSession);
  }

  private Frame.Builder muteSession(ChatSession s, Frame f) {
    s.mute(f.getMuteSession().getMuted());
    return Frame.newBuilder().setEmptyResponse(EMPTY);
  }
}
