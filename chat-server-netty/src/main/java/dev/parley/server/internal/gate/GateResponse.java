package dev.parley.server.internal.gate;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response before it becomes Netty objects: status, body with its content type, extra headers.
 * Immutable; {@link #withHeader} returns a copy.
 */
record GateResponse(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
  static final String JSON = "application/json";

  GateResponse {
    headers = Map.copyOf(headers);
  }

  static GateResponse json(HttpResponseStatus status, Object body) {
    return new GateResponse(status, JSON, GateJson.write(body), Map.of());
  }

  static GateResponse empty(HttpResponseStatus status) {
    return new GateResponse(status, null, new byte[0], Map.of());
  }

  static GateResponse text(HttpResponseStatus status, String contentType, String body) {
    return new GateResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** {@code {"error": {"code", "message"}}} with the code's HTTP status, plus Retry-After when rate limited or told when to retry. */
  static GateResponse error(ChatException e) {
    HttpResponseStatus status = HttpResponseStatus.valueOf(e.code().httpStatus());
    GateResponse response = json(status, new GateJson.ErrorBody(new GateJson.ErrorDetail(e.code().name(), e.detail())));
    if (e.code() == ErrorCode.RATE_LIMITED || e.retryAfter().toMillis() > 0) {
      response = response.withHeader(HttpHeaderNames.RETRY_AFTER.toString(), Long.toString(retryAfterSeconds(e)));
    }
    if (status.code() == 401) {
      // RFC 9110 wants a challenge on every 401; the gate's only scheme is the session token.
      response = response.withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Bearer");
    }
    return response;
  }

  GateResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new GateResponse(status, contentType, body, copy);
  }

  /** Whole seconds, rounded up, and at least 1: "Retry-After: 0" would invite an immediate retry. */
  static long retryAfterSeconds(ChatException e) {
    long millis = e.retryAfter().toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }
}
