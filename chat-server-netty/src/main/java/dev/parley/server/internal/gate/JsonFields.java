package dev.parley.server.internal.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Typed, named access to the fields of a request's JSON object: a missing, null or wrong-typed
 * field is BAD_REQUEST naming the field ("field 'email' must be a string, was number"). No
 * coercion: {@code 42} is not the string {@code "42"}. Not thread-safe; one per request.
 */
final class JsonFields {
  private final ObjectNode object;

  JsonFields(ObjectNode object) {
    this.object = object;
  }

  String requiredString(String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "field '" + field + "' is required");
    }
    if (!value.isTextual()) {
      throw new ChatException(ErrorCode.BAD_REQUEST,
          "field '" + field + "' must be a string, was " + value.getNodeType().toString().toLowerCase(Locale.ROOT));
    }
    return value.textValue();
  }

  /** The field's text, or null when it is absent or null; BAD_REQUEST when it is not a string. */
  String optionalString(String field) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() ? null : requiredString(field);
  }

  /** The field's constant, or {@code otherwise} when it is absent or null. */
  <E extends Enum<E>> E optionalEnum(String field, Class<E> type, E otherwise) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() ? otherwise : requiredEnum(field, type);
  }

  <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
    String text = requiredString(field);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(text)) {
        return constant;
      }
    }
    String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    throw new ChatException(ErrorCode.BAD_REQUEST, "field '" + field + "' must be one of " + allowed
        + ", was '" + abbreviate(text) + "'");
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
