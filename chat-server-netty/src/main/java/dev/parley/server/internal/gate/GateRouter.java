package dev.parley.server.internal.gate;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Routing by path: exact paths first, then templates whose {@code {name}} segments each match one
 * non-empty path segment (captured percent-decoded, so {@code ext:a%2Fb} is one segment). A path
 * nobody serves is NOT_FOUND, a served path with another method is METHOD_NOT_ALLOWED with the
 * methods that are (for the Allow header). Immutable and thread-safe.
 */
final class GateRouter {
  /** The metrics name of requests that match no route (one tag value, not one per random path). */
  static final String UNMATCHED = "unmatched";

  private final Map<String, Map<HttpMethod, GateRoute>> routes = new LinkedHashMap<>();
  private final List<Template> templates = new ArrayList<>();

  /** A templated path, split into segments, with its routes by method. */
  private record Template(String path, String[] segments, Map<HttpMethod, GateRoute> byMethod) {
    /** The captured values when {@code rawSegments} fits, else null. */
    Map<String, String> match(String[] rawSegments) {
      if (rawSegments.length != segments.length) {
        return null;
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < segments.length; i++) {
        String s = segments[i];
        if (s.startsWith("{") && s.endsWith("}")) {
          if (rawSegments[i].isEmpty()) {
            return null;
          }
          try {
            params.put(s.substring(1, s.length() - 1), QueryStringDecoder.decodeComponent(rawSegments[i]));
          } catch (IllegalArgumentException e) {
            return null;
          }
        } else if (!s.equals(rawSegments[i])) {
          return null;
        }
      }
      return params;
    }
  }

  GateRouter(List<GateRoute> all) {
    for (GateRoute route : all) {
      Map<HttpMethod, GateRoute> byMethod;
      if (route.path().contains("{")) {
        byMethod = templates.stream().filter(t -> t.path().equals(route.path())).findFirst()
            .map(Template::byMethod).orElseGet(() -> {
              Template t = new Template(route.path(), route.path().split("/", -1), new LinkedHashMap<>());
              templates.add(t);
              return t.byMethod();
            });
      } else {
        byMethod = routes.computeIfAbsent(route.path(), p -> new LinkedHashMap<>());
      }
      if (byMethod.put(route.method(), route) != null) {
        throw new IllegalArgumentException("two routes for " + route.method() + " " + route.path());
      }
    }
  }

  /** The outcome of routing: a route with its path parameters, or the error with the Allow header value for a 405. */
  record Match(GateRoute route, ChatException error, String allow, Map<String, String> params) {}

  Match match(HttpMethod method, String path) {
    return match(method, path, path);
  }

  /** Routes {@code path} (decoded); templates match {@code rawPath}, the path as sent. */
  Match match(HttpMethod method, String path, String rawPath) {
    Map<HttpMethod, GateRoute> byMethod = routes.get(path);
    Map<String, String> params = Map.of();
    if (byMethod == null) {
      String[] raw = rawPath.split("/", -1);
      for (Template t : templates) {
        Map<String, String> captured = t.match(raw);
        if (captured != null) {
          byMethod = t.byMethod();
          params = captured;
          break;
        }
      }
    }
    if (byMethod == null) {
      return new Match(null, new ChatException(ErrorCode.NOT_FOUND, "no such resource: " + abbreviate(path)), null,
          Map.of());
    }
    GateRoute route = byMethod.get(method);
    if (route == null) {
      String allow = byMethod.keySet().stream().map(HttpMethod::name).collect(Collectors.joining(", "));
      return new Match(null, new ChatException(ErrorCode.METHOD_NOT_ALLOWED,
          method.name() + " is not allowed on " + abbreviate(path) + "; allowed: " + allow), allow, Map.of());
    }
    return new Match(route, null, null, params);
  }

  /** The metrics name for a path, whatever its method. */
  String nameOf(String path) {
    Map<HttpMethod, GateRoute> byMethod = routes.get(path);
    if (byMethod == null) {
      String[] raw = path.split("/", -1);
      byMethod = templates.stream().filter(t -> t.match(raw) != null).findFirst().map(Template::byMethod).orElse(null);
    }
    return byMethod == null ? UNMATCHED : byMethod.values().iterator().next().name();
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
