package dev.parley.core.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;

/**
 * The password strength rule of {@code AccountService}: 8 to 128 characters, at least one letter
 * and one digit, and not the email's local part or the user's name (ignoring case). Rejections are
 * {@link ErrorCode#WEAK_PASSWORD} with a message saying what is wrong. Stateless and thread-safe.
 */
public final class PasswordPolicy {
  private final int minLength;
  private final int maxLength;

  public PasswordPolicy(int minLength, int maxLength) {
    if (minLength < 1 || maxLength < minLength) {
      throw new IllegalArgumentException("bad length bounds " + minLength + ".." + maxLength);
    }
    this.minLength = minLength;
    this.maxLength = maxLength;
  }

  /** Rejects passwords that break the length or character-class rules. */
  public void checkShape(String password) {
    if (password == null || password.isEmpty()) {
      throw weak("password is required");
    }
    if (password.length() < minLength) {
      throw weak("password is " + password.length() + " characters, at least " + minLength + " are required");
    }
    if (password.length() > maxLength) {
      throw weak("password is " + password.length() + " characters, at most " + maxLength + " are allowed");
    }
    if (password.chars().noneMatch(Character::isLetter)) {
      throw weak("password must contain at least one letter");
    }
    if (password.chars().noneMatch(Character::isDigit)) {
      throw weak("password must contain at least one digit");
    }
  }

  /** Rejects a password equal to the local part of {@code normalizedEmail} (before the '@'). */
  public void checkNotEmail(String password, String normalizedEmail) {
    String localPart = normalizedEmail.substring(0, normalizedEmail.indexOf('@'));
    if (password.equalsIgnoreCase(localPart)) {
      throw weak("password must not be the email address's local part");
    }
  }

  /** Rejects a password equal to the user's name. */
  public void checkNotName(String password, String name) {
    if (password.equalsIgnoreCase(name)) {
      throw weak("password must not be the user name");
    }
  }

  private static ChatException weak(String message) {
    return new ChatException(ErrorCode.WEAK_PASSWORD, message);
  }
}
