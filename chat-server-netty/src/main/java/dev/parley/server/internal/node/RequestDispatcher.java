package dev.parley.server.internal.node;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import java.util.EnumMap;
import java.util.Map;
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
 * Login needs a logged-in session (NOT_LOGGED_IN); a full work queue answers UNAVAILABLE.
 *
 * <p>Thread-safe: {@link #dispatch} runs on event loops, handlers where {@link RequestThreading} puts them.
 */
public final class RequestDispatcher {
  private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

  private final Map<BodyCase, RequestHandler> handlers = new EnumMap<>(BodyCase.class);
  private final NodeMetrics metrics;
  private final RequestThreading threading;
  private final RequestThreading.RequestStep executeStep = this::execute; // one object, not one per request

  /** Handlers run where {@code threading} says: on the calling event loop, or on the blocking-work threads. */
  public RequestDispatcher(NodeContext context, SessionLifecycle lifecycle, RequestThreading threading) {
    this.metrics = context.metrics();
    this.threading = threading;
    handlers.put(BodyCase.LOGIN, lifecycle::login);
    handlers.put(BodyCase.LOGOUT, lifecycle::logout);
    handlers.put(BodyCase.PING, PingHandler::pong); // before login it queues behind the Login
    new ProfileRequests(context).registerInto(handlers);
    new FriendRequests(context).registerInto(handlers);
    new MessageRequests(context).registerInto(handlers);
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
    if (handler == null) {
      session.reply(Frames.error(request.getRequestId(), ErrorCode.UNSUPPORTED_REQUEST,
          "not a request: " + request.getBodyCase()));
      return;
    }
    if (request.getBodyCase() == BodyCase.PING && session.isLoggedIn() && !threading.isInline()) {
      // A heartbeat needs no blocking call, so it never waits behind slow work of this session.
      session.reply(PingHandler.pong(session, request).setRequestId(request.getRequestId()).build());
      return;
    }
    if (!threading.runRequest(session, request, executeStep)) {
      session.reply(Frames.error(request.getRequestId(), ErrorCode.UNAVAILABLE,
          "the node is busy; try again shortly"));
    }
  }

  private void execute(ChatSession session, Frame request) {
    if (session.isClosing()) {
      return;
    }
    RequestHandler handler = handlers.get(request.getBodyCase()); // dispatch checked it exists
    long started = System.nanoTime(); // what Timer.start() reads, without its Sample object
    Frame answer = answer(session, request, handler);
    if (answer != null) {
      session.reply(answer);
    }
    metrics.latency(request.getBodyCase()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  private static Frame answer(ChatSession session, Frame request, RequestHandler handler) {
    long requestId = request.getRequestId();
    if (request.getBodyCase() != BodyCase.LOGIN && !session.isLoggedIn()) {
      return Frames.error(requestId, ErrorCode.NOT_LOGGED_IN, "log in before " + request.getBodyCase());
    }
    try {
      Frame.Builder response = handler.handle(session, request);
      return response == null ? null : response.setRequestId(requestId).build();
    } catch (ChatException e) {
      return Frames.error(requestId, e);
    } catch (RuntimeException e) {
      log.error("{} failed for {}", request.getBodyCase(), session, e);
      return Frames.error(requestId, ErrorCode.INTERNAL, "internal error; see the node's log");
    }
  }
}
