package dev.parley.sdk.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads a gate response: the JSON body of a success, or the {@code {"error": {"code", "message"}}}
 * body of a failure as a {@link ChatException} (RATE_LIMITED with the Retry-After header).
 * Stateless.
 */
final class GateResponses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GateResponses() {}

  static JsonNode parse(URI uri, HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode body = readJson(response.body());
    if (status >= 200 && status < 300) {
      return body;
    }
    throw error(uri, status, body, response.headers().firstValue("Retry-After"));
  }

  static ChatException error(URI uri, int status, JsonNode body, Optional<String> retryAfterHeader) {
    JsonNode error = body.path("error");
    ErrorCode code = error.hasNonNull("code") ? ProtoMapping.errorCode(error.get("code").asText()) : byStatus(status);
    String message = error.hasNonNull("message") ? error.get("message").asText()
        : "gate answered HTTP " + status + " to POST " + uri.getPath();
    if (code == ErrorCode.RATE_LIMITED) {
      return ChatException.rateLimited(message, retryAfter(retryAfterHeader, error));
    }
    return new ChatException(code, message);
  }

  private static Duration retryAfter(Optional<String> header, JsonNode error) {
    if (error.hasNonNull("retryAfterMs")) {
      return Duration.ofMillis(error.get("retryAfterMs").asLong());
    }
    try {
      return header.map(String::trim).map(Long::parseLong).map(Duration::ofSeconds).orElse(Duration.ZERO);
    } catch (NumberFormatException e) {
      return Duration.ZERO; // an HTTP date: rare for a gate, treat as "unknown"
    }
  }

  private static ErrorCode byStatus(int status) {
    return switch (status) {
      case 401 -> ErrorCode.UNAUTHORIZED;
      case 403 -> ErrorCode.FORBIDDEN;
      case 404 -> ErrorCode.NOT_FOUND;
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      case 429 -> ErrorCode.RATE_LIMITED;
      case 502, 503, 504 -> ErrorCode.UNAVAILABLE;
      default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
    };
  }

  private static JsonNode readJson(String body) {
    if (body == null || body.isBlank()) {
      return NullNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return NullNode.getInstance();
    }
  }
}
