package dev.parley.core.model;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The syntax rules for user-supplied identifiers, shared by the records and the services so a
 * rule is written once. Stateless and thread-safe.
 */
public final class Validation {
  /** Longest email address accepted (RFC 5321 path limit). */
  public static final int MAX_EMAIL_LENGTH = 254;
  /** Names: 3 to 32 characters, letters, digits, '_', '.', '-', starting with a letter or digit. */
  public static final Pattern NAME = Pattern.compile("[\\p{L}\\p{Nd}][\\p{L}\\p{Nd}_.-]{2,31}");

  // Deliberately simple: one '@', a dotted domain, no whitespace. Real validation is the mailed code.
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

  private Validation() {}

  /** Returns the email lower-cased and trimmed, or throws {@link ErrorCode#INVALID_EMAIL}. */
  public static String email(String email) {
    if (email == null) {
      throw new ChatException(ErrorCode.INVALID_EMAIL, "email is required");
    }
    String e = email.trim().toLowerCase(Locale.ROOT);
    if (e.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(e).matches()) {
      throw new ChatException(ErrorCode.INVALID_EMAIL, "not a valid email address: '" + abbreviate(email) + "'");
    }
    return e;
  }

  /** Returns the name trimmed, or throws {@link ErrorCode#INVALID_NAME}. */
  public static String name(String name) {
    if (name == null) {
      throw new ChatException(ErrorCode.INVALID_NAME, "name is required");
    }
    String n = name.trim();
    if (!NAME.matcher(n).matches()) {
      throw new ChatException(ErrorCode.INVALID_NAME,
          "name must be 3-32 letters, digits, '_', '.' or '-', starting with a letter or digit: '" + abbreviate(name) + "'");
    }
    return n;
  }

  /** Throws {@link ErrorCode#BAD_REQUEST} when {@code value} is longer than {@code max} characters. */
  public static String optionalText(String field, String value, int max) {
    String v = value == null ? "" : value;
    if (v.length() > max) {
      throw new ChatException(ErrorCode.BAD_REQUEST, field + " is " + v.length() + " characters, the limit is " + max);
    }
    return v;
  }

  /** Throws {@link ErrorCode#BAD_REQUEST} unless {@code id} is positive. */
  public static long id(String field, long id) {
    if (id <= 0) {
      throw new ChatException(ErrorCode.BAD_REQUEST, field + " must be positive, was " + id);
    }
    return id;
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
