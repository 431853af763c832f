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
import java.util.Optional;

/**
 * One request as the gate's routes see it: the body is copied out of Netty's buffers (it is at
 * most the body limit) so the request can cross to a worker thread with nothing to release.
 * {@code rejection} is set when the request cannot be routed at all (unparseable HTTP, body too
 * large, too slow to arrive; {@code method} is then null when the request line never arrived).
 * Immutable apart from the body array, which nobody writes.
 *
 * @param receivedNanos {@link System#nanoTime()} at arrival, for latency metrics
 */
record GateRequest(HttpMethod method, String path, HttpVersion version, HttpHeaders headers, byte[] body,
    String clientAddress, boolean keepAlive, long receivedNanos, ChatException rejection) {

  static GateRequest from(FullHttpRequest request, String clientAddress) {
    if (request.decoderResult().isFailure()) {
      // The decoder has given up on this connection; answer and close.
      String why = String.valueOf(request.decoderResult().cause().getMessage());
      return rejected(request.method(), request.uri(), request.protocolVersion(), clientAddress, false,
          new ChatException(ErrorCode.BAD_REQUEST, "malformed HTTP request: " + why));
    }
    return new GateRequest(request.method(), pathOf(request.uri()), request.protocolVersion(), request.headers(),
        ByteBufUtil.getBytes(request.content()), clientAddress, HttpUtil.isKeepAlive(request), System.nanoTime(), null);
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
        keepAlive, System.nanoTime(), why);
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
