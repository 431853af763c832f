package dev.parley.server.internal.gate;

import java.util.List;

/**
 * The Content-Security-Policy of the gate's static files: nothing by default, scripts, styles and
 * the form target only from the gate itself (no inline script or style, no {@code eval}), images
 * also from {@code data:} and any {@code https:} host (avatar URLs are the user's), network
 * connections to the gate and to the given chat node sources, no framing, no {@code <base>}.
 * Stateless.
 */
public final class ContentSecurityPolicy {
  private ContentSecurityPolicy() {}

  /** The policy with {@code connectSources} (each checked by {@link #checkSource}) after {@code 'self'}. */
  public static String of(List<String> connectSources) {
    StringBuilder connect = new StringBuilder("'self'");
    for (String source : connectSources) {
      connect.append(' ').append(checkSource(source));
    }
    return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src "
        + connect + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  }

  /**
   * {@code source} when it is one CSP source expression that cannot change the policy around it:
   * not blank, no whitespace, {@code ;}, {@code ,} or quote.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String checkSource(String source) {
    if (source == null || source.isEmpty()) {
      throw new IllegalArgumentException("a connect source must not be empty");
    }
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == ';' || c == ',' || c == '\'' || c == '"') {
        throw new IllegalArgumentException("not a single CSP source expression: \"" + source + "\"");
      }
    }
    return source;
  }
}
