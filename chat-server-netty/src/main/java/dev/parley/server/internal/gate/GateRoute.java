package dev.parley.server.internal.gate;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Objects;

/**
 * One route: method and exact path, a short {@code name} for metrics, and how to serve it.
 * {@code prepare} runs on the event loop and must not block: it checks and parses the request
 * (throwing ChatException for bad input) and returns the {@link Action} that does the work, which
 * runs on the gate's bounded worker pool when {@code blocking}, inline otherwise. Immutable.
 */
record GateRoute(HttpMethod method, String path, String name, boolean blocking, Preparer preparer) {
  GateRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(preparer, "preparer");
  }

  /** A route whose work blocks (service calls): it runs on the worker pool. */
  static GateRoute blocking(HttpMethod method, String path, String name, Preparer preparer) {
    return new GateRoute(method, path, name, true, preparer);
  }

  /** A route whose work is quick and never blocks: it runs on the event loop. */
  static GateRoute inline(HttpMethod method, String path, String name, Preparer preparer) {
    return new GateRoute(method, path, name, false, preparer);
  }

  /** Checks and parses a request without blocking. */
  @FunctionalInterface
  interface Preparer {
    Action prepare(GateRequest request);
  }

  /** The work of one request; may throw ChatException, which becomes the error response. */
  @FunctionalInterface
  interface Action {
    GateResponse run();
  }
}
