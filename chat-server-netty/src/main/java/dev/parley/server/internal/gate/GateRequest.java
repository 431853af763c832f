package dev.parley.server.internal.gate;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as the gate's routes see it: the body is copied out of Netty's buffers (it is at
 * most the body limit) so the request can cross to a worker thread with nothing to release.
 * {@code rejection} is set when the request cannot be routed at all (unparseable HTTP, body too
 * large, too slow to arrive; {@code method} is then null when the request line never arrived).
 * Immutable apart from the body array, which nobody writes.
 *
 * @param receivedNanos {@link System#nanoTime()} at arrival, for latency metrics
 * @param uri the request target as sent (path and query), for the query parameters
 * @param pathParams what the route's path template captured (empty for exact routes)
 * @param peerSubject the subject of the connection's TLS client certificate; null without one
 */
record GateRequest(HttpMethod method, String path, HttpVersion version, HttpHeaders headers, byte[] body,
    String clientAddress, boolean keepAlive, long receivedNanos, ChatException rejection, String uri,
    Map<String, String> pathParams, String peerSubject) {

  GateRequest {
    pathParams = Map.copyOf(pathParams);
  }

  static GateRequest from(FullHttpRequest request, String clientAddress) {
    if (request.decoderResult().isFailure()) {
      // The decoder has given up on this connection; answer and close.
      String why = String.valueOf(request.decoderResult().cause().getMessage());
      return rejected(request.method(), request.uri(), request.protocolVersion(), clientAddress, false,
          new ChatException(ErrorCode.BAD_REQUEST, "malformed HTTP request: " + why));
    }
    return new GateRequest(request.method(), pathOf(request.uri()), request.protocolVersion(), request.headers(),
        ByteBufUtil.getBytes(request.content()), clientAddress, HttpUtil.isKeepAlive(request), System.nanoTime(), null,
        request.uri(), Map.of(), null);
  }

  static GateRequest oversized(OversizedRequest request, String clientAddress, int limit) {
    return rejected(request.method(), request.uri(), request.version(), clientAddress, request.keepAlive(),
        new ChatException(ErrorCode.PAYLOAD_TOO_LARGE, "request body exceeds the limit of " + limit + " bytes"));
  }

  /** A request past its deadline: answered 408, then the connection closes. */
  static GateRequest timedOut(TimedOutRequest request, String clientAddress) {
    return rejected(request.method(), request.uri() != null ? request.uri() : "", request.version(), clientAddress,
        false, new ChatException(ErrorCode.REQUEST_TIMEOUT, request.why()));
  }

  private static GateRequest rejected(HttpMethod method, String uri, HttpVersion version, String clientAddress,
      boolean keepAlive, ChatException why) {
    return new GateRequest(method, pathOf(uri), version, new DefaultHttpHeaders(), new byte[0], clientAddress,
        keepAlive, System.nanoTime(), why, uri, Map.of(), null);
  }

  /** This request with the values its route's path template captured ({@code {id}} to "42"). */
  GateRequest withPathParams(Map<String, String> params) {
    return new GateRequest(method, path, version, headers, body, clientAddress, keepAlive, receivedNanos, rejection,
        uri, params, peerSubject);
  }

  /** This request as received on a connection whose TLS client certificate has {@code subject}. */
  GateRequest withPeerSubject(String subject) {
    return new GateRequest(method, path, version, headers, body, clientAddress, keepAlive, receivedNanos, rejection,
        uri, pathParams, subject);
  }

  /** The value the route's template captured for {@code {name}}, percent-decoded. */
  String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no path parameter " + name);
    }
    return value;
  }

  /** The query string's values of {@code name}, in order; empty when absent or unparseable. */
  List<String> queryParams(String name) {
    try {
      return new QueryStringDecoder(uri).parameters().getOrDefault(name, List.of());
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }

  Optional<String> header(CharSequence name) {
    return Optional.ofNullable(headers.get(name));
  }

  /** The bearer token of the Authorization header, or UNAUTHORIZED. */
  String bearerToken() {
    String value = header(HttpHeaderNames.AUTHORIZATION).orElse("").trim();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer") || value.substring(space).isBlank()) {
      throw new ChatException(ErrorCode.UNAUTHORIZED, "an 'Authorization: Bearer <token>' header is required");
    }
    return value.substring(space + 1).trim();
  }

  private static String pathOf(String uri) {
    try {
      return new QueryStringDecoder(uri).path();
    } catch (IllegalArgumentException e) {
      return uri; // unparseable: it will match no route
    }
  }
}
