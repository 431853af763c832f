package dev.parley.server.internal.node;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.Platform;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.IdentityService;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.netty.internal.DaemonThreads;
import dev.parley.server.internal.transport.CheapRejection;
import dev.parley.server.internal.transport.ClientAddresses;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code Login} with a host credential ({@code LoginRequest.jwt}) at a chat node that allows it:
 * the {@link IdentityService} checks the credential (rate-limited per client address), finds or
 * makes the account and refuses a disabled one, issues a Parley session token for the device, and
 * the login goes on exactly as a token login ({@link SessionLifecycle#loginWith}); the response
 * carries the token ({@code session_token}, {@code session_token_expires_at_ms}) for reconnects.
 *
 * <p>Never on an event loop: offloaded nodes run it on the session's blocking-work thread (where
 * every request runs); inline nodes check the credential on this class's own small bounded pool
 * and continue the login on the connection's event loop (their stores do not block). A full pool
 * answers RATE_LIMITED with a retry-after, as a busy node does for logins.
 *
 * <p>Thread-safe; owns its pool ({@link #shutdown}).
 */
public final class CredentialLogins {
  private static final int THREADS = 2;
  private static final int QUEUE = 256;

  private final IdentityService identity;
  private final ThreadPoolExecutor pool;

  /** Logins checked by {@code identity}; {@code inline}: the node runs requests on its event loops. */
  public CredentialLogins(IdentityService identity, boolean inline, String threadPrefix) {
    this.identity = identity;
    this.pool = !inline ? null : new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE), DaemonThreads.named(threadPrefix + "-credential-"), CheapRejection.INSTANCE);
  }

  /** Starts the credential login of {@code request} on {@code s}; a future of the login response. */
  CompletableFuture<Frame.Builder> login(NodeContext ctx, SessionLifecycle lifecycle, ChatSession s, Frame request) {
    ChatProtocol.LoginRequest login = request.getLogin();
    if (!login.getToken().isEmpty()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "Login has both token and jwt; send one");
    }
    if (s.isLoggedIn()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "session " + s.sessionId() + " is already logged in");
    }
    DeviceInfo device = DeviceInfo.of(login.getDeviceId().isEmpty() ? AccountService.newDeviceId() : login.getDeviceId(),
        Platform.fromWireValue(login.getPlatformValue()), "");
    String address = ClientAddresses.keyOf(s.channel().remoteAddress());
    if (pool == null) { // on the session's blocking-work thread already
      return CompletableFuture.completedFuture(finish(ctx, lifecycle, s, login, signIn(login, address, device)));
    }
    CompletableFuture<IdentityService.SignIn> checked;
    try {
      checked = CompletableFuture.supplyAsync(() -> signIn(login, address, device), pool);
    } catch (RejectedExecutionException e) {
      throw ChatException.rateLimited("the node is busy with logins; retry in 1 s", java.time.Duration.ofSeconds(1));
    }
    return checked.thenApplyAsync(in -> finish(ctx, lifecycle, s, login, in), s.channel().eventLoop());
  }

  private IdentityService.SignIn signIn(ChatProtocol.LoginRequest login, String address, DeviceInfo device) {
    return identity.signIn(login.getJwt(), address, device);
  }

  /** The token login with the token just issued; revokes it when the login does not complete. */
  private static Frame.Builder finish(NodeContext ctx, SessionLifecycle lifecycle, ChatSession s,
      ChatProtocol.LoginRequest login, IdentityService.SignIn in) {
    try {
      if (s.isClosing()) {
        throw new ChatException(ErrorCode.UNAVAILABLE, "the connection closed during the login");
      }
      Frame.Builder out = lifecycle.loginWith(s, login.toBuilder().setDeviceId(in.token().device().deviceId()).build(),
          in.token());
      out.getLoginResponseBuilder().setSessionToken(in.token().token())
          .setSessionTokenExpiresAtMs(in.token().expiresAt().toEpochMilli());
      return out;
    } catch (RuntimeException e) {
      ctx.tokens().revoke(in.token().token()); // the client never got it
      throw e;
    }
  }

  /** Stops the pool (inline nodes); queued logins are dropped. */
  public void shutdown() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
