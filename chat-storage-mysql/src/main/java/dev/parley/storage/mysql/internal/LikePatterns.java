package dev.parley.storage.mysql.internal;

/**
 * Builds LIKE patterns from user input. The escape character is {@code '!'} rather than the
 * default backslash, whose meaning inside string literals depends on the NO_BACKSLASH_ESCAPES
 * SQL mode. Stateless and thread-safe.
 */
final class LikePatterns {
  private LikePatterns() {}

  /** A pattern matching every value that starts with {@code literal}, wildcards in it escaped. */
  static String prefix(String literal) {
    StringBuilder b = new StringBuilder(literal.length() + 4);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '!' || c == '%' || c == '_') {
        b.append('!');
      }
      b.append(c);
    }
    return b.append('%').toString();
  }
}
