package dev.parley.server.internal.node;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code Login}: with {@code token}, the token login of {@link SessionLifecycle#login}, answered at
 * once where the node runs requests; with {@code jwt}, a {@link CredentialLogins} login where the
 * deployment allows one at the node, else UNAUTHORIZED saying where to log in instead. Registered
 * as an {@link AsyncRequestHandler} because a credential login on an inline node finishes later.
 */
final class LoginRequests implements AsyncRequestHandler<Frame.Builder> {
  static final String JWT_NOT_ALLOWED = "this chat node does not accept a JWT in Login; log in at the gate "
      + "(POST /api/v1/sessions with {\"jwt\": ...}) and send the session token it answers";

  private final NodeContext ctx;
  private final SessionLifecycle lifecycle;
  private final CredentialLogins credentials; // null: JWT login at the node is off

  LoginRequests(NodeContext ctx, SessionLifecycle lifecycle, CredentialLogins credentials) {
    this.ctx = ctx;
    this.lifecycle = lifecycle;
    this.credentials = credentials;
  }

  void registerInto(Map<BodyCase, AsyncRequestHandler<?>> asyncHandlers) {
    asyncHandlers.put(BodyCase.LOGIN, this);
  }

  @Override
  public CompletableFuture<Frame.Builder> start(ChatSession session, Frame request) {
    if (request.getLogin().getJwt().isEmpty()) {
      return CompletableFuture.completedFuture(lifecycle.login(session, request));
    }
    if (credentials == null) {
      throw new ChatException(ErrorCode.UNAUTHORIZED, JWT_NOT_ALLOWED);
    }
    return credentials.login(ctx, lifecycle, session, request);
  }

  @Override
  public Frame.Builder answer(ChatSession session, Frame.Builder result) {
    return result;
  }
}
