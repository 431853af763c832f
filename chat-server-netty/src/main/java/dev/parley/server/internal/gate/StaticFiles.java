package dev.parley.server.internal.gate;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The gate's static files, all in memory: a map from request path ({@code /index.html}) to bytes,
 * content type and strong ETag, loaded once (see {@code dev.parley.server.StaticContent}) and
 * served on the event loop. Serves {@code GET} and {@code HEAD} of the paths the API does not own
 * (nothing under {@code /api/}); {@code /} and any path ending in {@code /} mean its
 * {@code index.html}. A path is only ever a key of the map, never a file name, so {@code ..},
 * encoded dots, backslashes and NUL cannot reach outside it; such paths are refused before the
 * lookup all the same. Every answer carries {@code Cache-Control: no-cache} (revalidate each time:
 * without a build step the names carry no hash), the ETag (304 on a matching
 * {@code If-None-Match}), {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy:
 * no-referrer} and the Content-Security-Policy. Immutable and thread-safe; the connect sources
 * supplier is called once per answer and must be quick and not block.
 */
public final class StaticFiles {
  /** The metrics route name of every static answer (one tag value, not one per file). */
  public static final String ROUTE_NAME = "static";
  /** The path prefix the gate's API owns; never served from static files. */
  public static final String API_PREFIX = "/api/";

  /** One file: its bytes, content type and strong ETag (quoted). */
  public record File(byte[] body, String contentType, String etag) {
    public File {
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(etag, "etag");
    }

    /** A file with the content type its name implies and an ETag from its SHA-256. */
    public static File of(String name, byte[] body) {
      return new File(body, ContentTypes.of(name), etagOf(body));
    }
  }

  private final Map<String, File> files;
  private final Supplier<? extends List<String>> connectSources;

  /**
   * {@code files} keyed by path (each starting with {@code /}); {@code connectSources} the CSP
   * {@code connect-src} sources besides {@code 'self'}, asked on every answer.
   */
  public StaticFiles(Map<String, File> files, Supplier<? extends List<String>> connectSources) {
    this.files = Map.copyOf(files);
    this.connectSources = Objects.requireNonNull(connectSources, "connectSources");
  }

  /** How many files. */
  public int size() {
    return files.size();
  }

  /** The paths served, sorted. */
  public java.util.SortedSet<String> paths() {
    return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(files.keySet()));
  }

  /** The file at {@code path} (a key as given), or null. */
  public File file(String path) {
    return files.get(path);
  }

  /**
   * The answer for a request no API route matched: the file (200, or 304 when the client's copy is
   * current), 405 for a method other than GET/HEAD on a file, or null when no file has this path
   * (the caller answers 404 as for any unknown path).
   */
  GateResponse serve(GateRequest request) {
    File file = lookup(request.path());
    if (file == null) {
      return null;
    }
    HttpMethod method = request.method();
    if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
      return GateResponse.error(new ChatException(ErrorCode.METHOD_NOT_ALLOWED,
          method.name() + " is not allowed on " + request.path() + "; allowed: GET, HEAD"))
          .withHeader(HttpHeaderNames.ALLOW.toString(), "GET, HEAD");
    }
    String ifNoneMatch = request.header(HttpHeaderNames.IF_NONE_MATCH).orElse(null);
    GateResponse response = matches(ifNoneMatch, file.etag())
        ? new GateResponse(HttpResponseStatus.NOT_MODIFIED, null, new byte[0], Map.of())
        : new GateResponse(HttpResponseStatus.OK, file.contentType(), file.body(), Map.of());
    return withHeaders(response, file);
  }

  private File lookup(String path) {
    if (path == null || !path.startsWith("/") || path.startsWith(API_PREFIX) || !safe(path)) {
      return null;
    }
    return files.get(path.endsWith("/") ? path + "index.html" : path);
  }

  /**
   * False for anything that looks like a way out of the map or an alias of a key: a {@code .} or
   * {@code ..} segment, an empty segment ({@code //}), a backslash, a control character (NUL).
   * The path is the decoded one, so {@code %2e%2e} arrives here as {@code ..}.
   */
  static boolean safe(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return false;
      }
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return !path.contains("//");
  }

  private GateResponse withHeaders(GateResponse response, File file) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(HttpHeaderNames.CACHE_CONTROL.toString(), "no-cache");
    headers.put(HttpHeaderNames.ETAG.toString(), file.etag());
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put(HttpHeaderNames.CONTENT_SECURITY_POLICY.toString(), contentSecurityPolicy());
    return new GateResponse(response.status(), response.contentType(), response.body(), headers);
  }

  /** The policy every static answer carries, with the connect sources as they are now. */
  public String contentSecurityPolicy() {
    return ContentSecurityPolicy.of(connectSources.get());
  }

  /** RFC 9110 13.1.2: weak comparison, so a {@code W/} copy of our tag matches too; {@code *} matches. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
        return true;
      }
    }
    return false;
  }

  static String etagOf(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
