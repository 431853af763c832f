package dev.parley.server.internal.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.util.Locale;

/**
 * The gate's JSON: one shared, configured {@link ObjectMapper} (thread-safe once configured), the
 * response DTO records, and parsing of request bodies into an {@link ObjectNode} whose fields the
 * routes then read with {@link JsonFields}. Malformed JSON, a body that is not an object, duplicate
 * keys and trailing garbage are BAD_REQUEST; unknown fields are ignored.
 */
final class GateJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private GateJson() {}

  /** {@code {"error": {"code": "...", "message": "..."}}} */
  record ErrorBody(ErrorDetail error) {}

  record ErrorDetail(String code, String message) {}

  /** 201 of POST /users. */
  record UserCreated(long userId, String name) {}

  /**
   * The chat node a client should connect to: {@code tls} says whether its client port speaks TLS;
   * {@code wsPort}, present only when the node has a WebSocket endpoint, is that endpoint's port.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ChatAddress(String host, int port, boolean tls, Integer wsPort) {}

  /** 200 of POST /sessions; {@code expiresAt} is ISO-8601. */
  record SessionCreated(long userId, String token, String expiresAt, ChatAddress chat, String deviceId) {}

  /** 200 of POST /routes. */
  record Route(ChatAddress chat) {}

  /** 200 of GET /healthz. */
  record Health(String status) {}

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * The request's body as a JSON object: UNSUPPORTED_MEDIA_TYPE unless the Content-Type is
   * {@code application/json} (UTF-8), BAD_REQUEST saying what is wrong with the body otherwise.
   */
  static JsonFields readObject(GateRequest request) {
    requireJsonContentType(request);
    return readObject(request.body());
  }

  static JsonFields readObject(byte[] body) {
    if (body.length == 0) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "request body is empty; a JSON object is required");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "malformed JSON: " + abbreviate(e.getOriginalMessage())
          + locationOf(e));
    } catch (IOException e) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "unreadable JSON body: " + e.getMessage());
    }
    if (!(node instanceof ObjectNode object)) {
      throw new ChatException(ErrorCode.BAD_REQUEST,
          "request body must be a JSON object, was " + (node == null ? "empty" : node.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    return new JsonFields(object);
  }

  private static void requireJsonContentType(GateRequest request) {
    String contentType = request.header(HttpHeaderNames.CONTENT_TYPE).orElse("");
    String[] parts = contentType.split(";");
    boolean json = parts[0].trim().equalsIgnoreCase(GateResponse.JSON);
    for (int i = 1; i < parts.length && json; i++) {
      String[] param = parts[i].split("=", 2);
      if (param[0].trim().equalsIgnoreCase("charset")) {
        json = param.length == 2 && param[1].trim().replace("\"", "").equalsIgnoreCase("utf-8");
      }
    }
    if (!json) {
      throw new ChatException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json (UTF-8), was '"
          + (contentType.isEmpty() ? "none" : abbreviate(contentType)) + "'");
    }
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() <= 160 ? s : s.substring(0, 160) + "...";
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }
}
