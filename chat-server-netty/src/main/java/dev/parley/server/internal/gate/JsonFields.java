package dev.parley.server.internal.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.UserRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

  /** The field's text when it is a string; null when absent, null or of another type. */
  String textOrNull(String field) {
    JsonNode value = object.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  /** Whether the field is present and not null. */
  boolean has(String field) {
    JsonNode value = object.get(field);
    return value != null && !value.isNull();
  }

  /** The field's boolean, or {@code otherwise} when absent or null; BAD_REQUEST when not a boolean. */
  boolean optionalBoolean(String field, boolean otherwise) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return otherwise;
    }
    if (!value.isBoolean()) {
      throw wrongType(field, "a boolean", value);
    }
    return value.booleanValue();
  }

  /**
   * A user reference: a positive integer (a Parley id) or a string that {@link UserRef#parse}
   * reads ("42", "ext:crm-7"). BAD_REQUEST when missing or anything else.
   */
  UserRef requiredUserRef(String field) {
    return userRef(field, object.get(field));
  }

  /** An array of user references (see {@link #requiredUserRef}); empty when absent or null. */
  List<UserRef> userRefs(String field, int max) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw wrongType(field, "an array", value);
    }
    if (value.size() > max) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "field '" + field + "' holds at most " + max + " entries, had "
          + value.size());
    }
    List<UserRef> refs = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      refs.add(userRef(field, element));
    }
    return refs;
  }

  private static UserRef userRef(String field, JsonNode value) {
    if (value == null || value.isNull()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "field '" + field + "' is required");
    }
    if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() > 0) {
      return UserRef.of(value.longValue());
    }
    if (value.isTextual()) {
      return UserRef.parse("field '" + field + "'", value.textValue());
    }
    throw wrongType(field, "a positive user id or an \"ext:<external id>\" string", value);
  }

  private static ChatException wrongType(String field, String expected, JsonNode value) {
    return new ChatException(ErrorCode.BAD_REQUEST, "field '" + field + "' must be " + expected + ", was "
        + value.getNodeType().toString().toLowerCase(Locale.ROOT));
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
