package dev.parley.server.internal.gate;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Exact-path routing: a path nobody serves is NOT_FOUND, a served path with another method is
 * METHOD_NOT_ALLOWED with the methods that are (for the Allow header). Immutable and thread-safe.
 */
final class GateRouter {
  /** The metrics name of requests that match no route (one tag value, not one per random path). */
  static final String UNMATCHED = "unmatched";

  private final Map<String, Map<HttpMethod, GateRoute>> routes = new LinkedHashMap<>();

  GateRouter(List<GateRoute> all) {
    for (GateRoute route : all) {
      GateRoute clash = routes.computeIfAbsent(route.path(), p -> new LinkedHashMap<>()).put(route.method(), route);
      if (clash != null) {
        throw new IllegalArgumentException("two routes for " + route.method() + " " + route.path());
      }
    }
  }

  /** The outcome of routing: a route, or the error with the Allow header value for a 405. */
  record Match(GateRoute route, ChatException error, String allow) {}

  Match match(HttpMethod method, String path) {
    Map<HttpMethod, GateRoute> byMethod = routes.get(path);
    if (byMethod == null) {
      return new Match(null, new ChatException(ErrorCode.NOT_FOUND, "no such resource: " + abbreviate(path)), null);
    }
    GateRoute route = byMethod.get(method);
    if (route == null) {
      String allow = byMethod.keySet().stream().map(HttpMethod::name).collect(Collectors.joining(", "));
      return new Match(null, new ChatException(ErrorCode.METHOD_NOT_ALLOWED,
          method.name() + " is not allowed on " + path + "; allowed: " + allow), allow);
    }
    return new Match(route, null, null);
  }

  /** The metrics name for a path, whatever its method. */
  String nameOf(String path) {
    Map<HttpMethod, GateRoute> byMethod = routes.get(path);
    return byMethod == null ? UNMATCHED : byMethod.values().iterator().next().name();
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
