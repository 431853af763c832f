package dev.parley.server.internal.gate;

import java.util.Locale;
import java.util.Map;

/**
 * The Content-Type of a static file from its name's extension; text types say {@code charset=utf-8}
 * (the files are UTF-8). Anything unknown is {@code application/octet-stream}, which a browser with
 * {@code nosniff} will neither run as script nor apply as a style sheet. Stateless.
 */
final class ContentTypes {
  static final String OCTET_STREAM = "application/octet-stream";

  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("webmanifest", "application/manifest+json"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("woff", "font/woff"));

  private ContentTypes() {}

  static String of(String name) {
    int dot = name.lastIndexOf('.');
    int slash = name.lastIndexOf('/');
    if (dot < 0 || dot < slash) {
      return OCTET_STREAM;
    }
    return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
  }
}
