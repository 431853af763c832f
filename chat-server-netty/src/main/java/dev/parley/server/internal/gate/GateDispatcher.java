package dev.parley.server.internal.gate;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link GateRequest} into a response: routes it, prepares it on the calling event loop,
 * and runs the work inline or on the {@link GateWorkers}. Never throws: every failure becomes an
 * error response (a ChatException its own, anything else INTERNAL, logged). Thread-safe.
 */
final class GateDispatcher {
  private static final Logger log = LoggerFactory.getLogger(GateDispatcher.class);

  private final GateRouter router;
  private final GateWorkers workers;
  private final StaticFiles staticFiles; // null: no static content

  GateDispatcher(GateRouter router, GateWorkers workers) {
    this(router, workers, null);
  }

  GateDispatcher(GateRouter router, GateWorkers workers, StaticFiles staticFiles) {
    this.router = router;
    this.workers = workers;
    this.staticFiles = staticFiles;
  }

  /** The route name for metrics and the response to come; completes on a worker or right away. */
  record Outcome(String routeName, GateResponse response) {}

  CompletableFuture<Outcome> dispatch(GateRequest request) {
    if (request.rejection() != null) {
      return done(router.nameOf(request.path()), GateResponse.error(request.rejection()));
    }
    GateRouter.Match match = router.match(request.method(), request.path(), rawPathOf(request.uri()));
    if (match.route() == null && match.allow() == null && staticFiles != null) {
      GateResponse file = serveStatic(request);
      if (file != null) {
        return done(StaticFiles.ROUTE_NAME, file);
      }
    }
    if (match.route() == null) {
      GateResponse error = GateResponse.error(match.error());
      if (match.allow() != null) {
        error = error.withHeader(HttpHeaderNames.ALLOW.toString(), match.allow());
      }
      return done(router.nameOf(request.path()), error);
    }
    GateRoute route = match.route();
    GateRoute.Action action;
    try {
      action = route.preparer().prepare(match.params().isEmpty() ? request : request.withPathParams(match.params()));
    } catch (RuntimeException e) {
      return done(route.name(), failure(route, e));
    }
    return route.blocking() ? submit(route, action) : done(route.name(), run(route, action));
  }

  /** A static file for a path no route owns, or null; never throws (a bad connect-source supplier is INTERNAL). */
  private GateResponse serveStatic(GateRequest request) {
    try {
      return staticFiles.serve(request);
    } catch (RuntimeException e) {
      log.error("static content for {} failed unexpectedly", request.path(), e);
      return GateResponse.error(new ChatException(ErrorCode.INTERNAL, "internal error"));
    }
  }

  private CompletableFuture<Outcome> submit(GateRoute route, GateRoute.Action action) {
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    boolean accepted = workers.trySubmit(() -> {
      try {
        result.complete(new Outcome(route.name(), run(route, action)));
      } catch (Error e) {
        // The connection must still get an answer, or it would hang waiting for this one.
        result.complete(new Outcome(route.name(), GateResponse.error(new ChatException(ErrorCode.INTERNAL, "internal error"))));
        throw e;
      }
    });
    if (!accepted) {
      ChatException busy = new ChatException(ErrorCode.UNAVAILABLE,
          "the gate is at capacity (" + workers.describe() + "); retry shortly");
      return done(route.name(), GateResponse.error(busy).withHeader(HttpHeaderNames.RETRY_AFTER.toString(), "1"));
    }
    return result;
  }

  private static GateResponse run(GateRoute route, GateRoute.Action action) {
    try {
      return action.run();
    } catch (RuntimeException e) {
      return failure(route, e);
    }
  }

  private static GateResponse failure(GateRoute route, RuntimeException e) {
    if (e instanceof ChatException chat) {
      return GateResponse.error(chat);
    }
    log.error("gate route {} failed unexpectedly", route.name(), e);
    return GateResponse.error(new ChatException(ErrorCode.INTERNAL, "internal error"));
  }

  /** The path as sent, before percent-decoding (templates capture segments from it). */
  private static String rawPathOf(String uri) {
    if (uri == null) {
      return "";
    }
    int end = uri.length();
    for (char c : new char[] {'?', '#'}) {
      int at = uri.indexOf(c);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    return uri.substring(0, end);
  }

  private static CompletableFuture<Outcome> done(String routeName, GateResponse response) {
    return CompletableFuture.completedFuture(new Outcome(routeName, response));
  }
}
