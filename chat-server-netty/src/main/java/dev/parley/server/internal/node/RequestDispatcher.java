package dev.parley.server.internal.node;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request frame to its handler and writes the answer back with the request's id. The
 * node's {@link RequestThreading} runs the handler: offloaded, on the session's serial work queue
 * (blocking-work threads); inline (every backend non-blocking), at once on the connection's event
 * loop, which keeps the session's order by itself and saves the two thread hand-offs. A logged-in session's Ping is answered at once on the event
 * loop, so heartbeats never wait behind the session's slow requests; before login it is queued like
 * every request, so a pipelined Login still goes first. Anything that is not a request (an empty body, a response or
 * push type sent by a client) is refused with UNSUPPORTED_REQUEST on the spot, and a request with
 * {@code request_id} 0 (the id of pushes) with BAD_REQUEST; every request but
 * Login needs a logged-in session (NOT_LOGGED_IN); a full work queue answers UNAVAILABLE, or, for a
 * Login, RATE_LIMITED with a retry-after (see {@link #busy}).
 *
 * <p>An {@link AsyncRequestHandler} (SendMessage, SendGroupMessage) is started the same way, but answered when its
 * future completes: at once when it already has (every in-memory store), else on the completing
 * thread (a store's writer), which writes the answer, records the request's latency and hands the
 * session's queue back to the blocking-work threads for its next request. No thread waits meanwhile,
 * and the session's next request still starts only after this one's answer.
 *
 * <p>Thread-safe: {@link #dispatch} runs on event loops, handlers where {@link RequestThreading} puts them.
 */
public final class RequestDispatcher {
  private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

  /** The shortest retry-after of a Login refused because the node's work queue is full. */
  static final long LOGIN_RETRY_AFTER_MS = 500;

  private final Map<BodyCase, RequestHandler> handlers = new EnumMap<>(BodyCase.class);
  private final Map<BodyCase, AsyncRequestHandler<?>> asyncHandlers = new EnumMap<>(BodyCase.class);
  private final NodeMetrics metrics;
  private final RequestThreading threading;

  /** Handlers run where {@code threading} says: on the calling event loop, or on the blocking-work threads. */
  public RequestDispatcher(NodeContext context, SessionLifecycle lifecycle, RequestThreading threading) {
    this(context, lifecycle, threading, null);
  }

  /** As above; {@code credentials} (null: off) serves {@code Login} with a JWT at this node. */
  public RequestDispatcher(NodeContext context, SessionLifecycle lifecycle, RequestThreading threading,
      CredentialLogins credentials) {
    this.metrics = context.metrics();
    this.threading = threading;
    handlers.put(BodyCase.LOGOUT, lifecycle::logout);
    handlers.put(BodyCase.PING, PingHandler::pong); // before login it queues behind the Login
    new ProfileRequests(context).registerInto(handlers);
    new FriendRequests(context).registerInto(handlers);
    new MessageRequests(context).registerInto(handlers, asyncHandlers);
    new DeviceRequests(context).registerInto(handlers);
    new SettingsRequests(context).registerInto(handlers);
    new GroupRequests(context).registerInto(handlers, asyncHandlers);
    new SessionRequests(context).registerInto(handlers);
    new LoginRequests(context, lifecycle, credentials).registerInto(asyncHandlers); // Login, token or JWT
    new RevisionRequests(context).registerInto(handlers);
    new BlockRequests(context).registerInto(handlers);
    new TypingRequests(context).registerInto(handlers);
  }

  /** Queues {@code request} for its session; answers at once when it cannot be queued. */
  void dispatch(ChatSession session, Frame request) {
    if (request.getRequestId() == 0) {
      // 0 marks pushes: an answer with it could not be told from a push, so nothing runs.
      session.reply(Frames.error(0, ErrorCode.BAD_REQUEST,
          "request_id 0 is reserved for pushes; " + request.getBodyCase() + " needs a non-zero request_id"));
      return;
    }
    RequestHandler handler = handlers.get(request.getBodyCase());
    AsyncRequestHandler<?> async = handler == null ? asyncHandlers.get(request.getBodyCase()) : null;
    if (handler == null && async == null) {
      session.reply(Frames.error(request.getRequestId(), ErrorCode.UNSUPPORTED_REQUEST,
          "not a request: " + request.getBodyCase()));
      return;
    }
    if (request.getBodyCase() == BodyCase.PING && session.isLoggedIn() && !threading.isInline()) {
      // A heartbeat needs no blocking call, so it never waits behind slow work of this session.
      session.reply(PingHandler.pong(session, request).setRequestId(request.getRequestId()).build());
      return;
    }
    SessionWorkQueue.Task task = handler != null ? done -> execute(session, request, handler)
        : done -> executeAsync(session, request, async, done);
    if (!threading.runRequest(session, task)) {
      session.reply(busy(request));
    }
  }

  /**
   * The answer to a request that found the work queue full. A Login is refused RATE_LIMITED with a
   * retry-after: a login storm (every client of a restarted node at once) is exactly what fills the
   * queue, nothing happened yet, and the SDK waits out the retry-after before it tries again; the
   * wait is spread over {@link #LOGIN_RETRY_AFTER_MS} to twice that so the refused do not return
   * together. Any other request is UNAVAILABLE, as before.
   */
  static Frame busy(Frame request) {
    if (request.getBodyCase() == BodyCase.LOGIN) {
      long retryMs = LOGIN_RETRY_AFTER_MS + ThreadLocalRandom.current().nextLong(LOGIN_RETRY_AFTER_MS + 1);
      return Frames.error(request.getRequestId(), ErrorCode.RATE_LIMITED,
          "the node is busy with logins; retry after " + retryMs + " ms", retryMs);
    }
    return Frames.error(request.getRequestId(), ErrorCode.UNAVAILABLE, "the node is busy; try again shortly");
  }

  private boolean execute(ChatSession session, Frame request, RequestHandler handler) {
    if (session.isClosing()) {
      return true;
    }
    long started = System.nanoTime(); // what Timer.start() reads, without its Sample object
    Frame answer = answer(session, request, handler);
    // Recorded before the reply, so whoever has seen an answer also sees it counted.
    metrics.latency(request.getBodyCase()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    if (answer != null) {
      session.reply(answer);
    }
    return true;
  }

  /**
   * Starts {@code handler}'s work; answers at once when its future is already complete (the inline
   * path costs nothing more), else when it completes, on the completing thread, and then calls
   * {@code done} so the session's next request may start. True when finished here.
   */
  private <T> boolean executeAsync(ChatSession session, Frame request, AsyncRequestHandler<T> handler,
      Runnable done) {
    if (session.isClosing()) {
      return true;
    }
    long started = System.nanoTime(); // what Timer.start() reads, without its Sample object
    if (!loggedInOrLogin(session, request)) {
      return finishNow(session, request, notLoggedIn(request), started);
    }
    CompletableFuture<T> pending;
    try {
      pending = handler.start(session, request);
    } catch (RuntimeException e) {
      return finishNow(session, request, failure(session, request, e), started);
    }
    if (pending.isDone()) {
      finish(session, request, handler, pending, started);
      return true;
    }
    pending.whenComplete((result, failure) -> {
      try {
        finish(session, request, handler, pending, started);
      } finally {
        done.run();
      }
    });
    return false;
  }

  /** Writes the answer to the completed {@code work}; cheap, as it may run on a store's writer thread. */
  private <T> void finish(ChatSession session, Frame request, AsyncRequestHandler<T> handler,
      CompletableFuture<T> work, long started) {
    Frame answer;
    try {
      answer = handler.answer(session, work.join()).setRequestId(request.getRequestId()).build();
    } catch (CompletionException | CancellationException e) {
      answer = failure(session, request, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
    } catch (RuntimeException e) {
      answer = failure(session, request, e);
    }
    finishNow(session, request, answer, started); // a session that closed meanwhile drops it; the work is done
  }

  private static Frame answer(ChatSession session, Frame request, RequestHandler handler) {
    if (!loggedInOrLogin(session, request)) {
      return notLoggedIn(request);
    }
    try {
      Frame.Builder response = handler.handle(session, request);
      return response == null ? null : response.setRequestId(request.getRequestId()).build();
    } catch (RuntimeException e) {
      return failure(session, request, e);
    }
  }

  private static boolean loggedInOrLogin(ChatSession session, Frame request) {
    return request.getBodyCase() == BodyCase.LOGIN || session.isLoggedIn();
  }

  /** Records the request's latency, then writes its answer (so whoever has the answer sees it counted). */
  private boolean finishNow(ChatSession session, Frame request, Frame answer, long started) {
    metrics.latency(request.getBodyCase()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    session.reply(answer);
    return true;
  }

  private static Frame notLoggedIn(Frame request) {
    return Frames.error(request.getRequestId(), ErrorCode.NOT_LOGGED_IN, "log in before " + request.getBodyCase());
  }

  /** A refusal answers with its code; anything else is a bug, logged, and answered INTERNAL. */
  private static Frame failure(ChatSession session, Frame request, Throwable failure) {
    if (failure instanceof ChatException refusal) {
      return Frames.error(request.getRequestId(), refusal);
    }
    log.error("{} failed for {}", request.getBodyCase(), session, failure);
    return Frames.error(request.getRequestId(), ErrorCode.INTERNAL, "internal error; see the node's log");
  }
}
