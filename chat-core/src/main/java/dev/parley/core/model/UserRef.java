package dev.parley.core.model;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import java.util.Objects;

/**
 * How the host application names a user to the admin API: by Parley id, or by the host's own
 * external id. Written as text (paths, JSON strings), a ref is the decimal id ({@code "42"}) or
 * {@code "ext:"} followed by the external id ({@code "ext:crm-7781"}); {@link #parse} reads both.
 * Exactly one of {@code id} (positive) and {@code externalId} (non-null) is set. Immutable.
 */
public record UserRef(long id, String externalId) {
  /** The text prefix of an external-id ref. */
  public static final String EXTERNAL_PREFIX = "ext:";
  /** The longest external id a ref may carry. */
  public static final int MAX_EXTERNAL_ID = 128;

  public UserRef {
    if ((externalId == null) == (id == 0)) {
      throw new IllegalArgumentException("a user ref has exactly one of a Parley id and an external id");
    }
    if (externalId == null) {
      Validation.id("id", id);
    } else if (externalId.isEmpty() || externalId.length() > MAX_EXTERNAL_ID) {
      throw new ChatException(ErrorCode.BAD_REQUEST,
          "an external id is 1 to " + MAX_EXTERNAL_ID + " characters, was " + externalId.length());
    }
  }

  /** The user with Parley id {@code id}. */
  public static UserRef of(long id) {
    return new UserRef(id, null);
  }

  /** The user the host knows as {@code externalId}. */
  public static UserRef external(String externalId) {
    return new UserRef(0, Objects.requireNonNull(externalId, "externalId"));
  }

  /** Whether this names the user by external id. */
  public boolean isExternal() {
    return externalId != null;
  }

  /**
   * Reads {@code "42"} or {@code "ext:<external id>"}; BAD_REQUEST naming {@code field} for
   * anything else (a non-positive or non-numeric id, an empty or over-long external id).
   */
  public static UserRef parse(String field, String text) {
    if (text == null || text.isEmpty()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, field + " is required: a user id or ext:<external id>");
    }
    if (text.startsWith(EXTERNAL_PREFIX)) {
      return external(text.substring(EXTERNAL_PREFIX.length()));
    }
    try {
      long id = Long.parseLong(text);
      if (id > 0 && text.charAt(0) != '+') {
        return of(id);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ChatException(ErrorCode.BAD_REQUEST, field + " must be a positive user id or ext:<external id>, was '"
        + Validation.abbreviate(text) + "'");
  }

  /** The text form {@link #parse} reads. */
  @Override
  public String toString() {
    return externalId == null ? Long.toString(id) : EXTERNAL_PREFIX + externalId;
  }
}
