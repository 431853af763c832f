package dev.parley.server;

import dev.parley.server.internal.gate.ContentSecurityPolicy;
import dev.parley.server.internal.gate.StaticFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Files a {@link GateServer} serves beside its API ({@link GateServer.Builder#staticContent}): a web
 * client's HTML, CSS and JavaScript, read once into memory when {@link Builder#build()} runs, from
 * a class-path folder (a jar's, as the Parley web client ships) or a directory. At most
 * {@link Builder#maxFiles} files and {@link Builder#maxBytes} bytes in all, so a wrong folder fails
 * at start instead of filling the heap; a change on disk shows after a restart.
 *
 * <pre>{@code
 * StaticContent web = StaticContent.fromClasspath(MyApp.class.getClassLoader(), "com/example/web/")
 *     .connectSources(List.of("wss://chat.example.com:9443"))
 *     .build();
 * GateServer gate = GateServer.builder().accountService(accounts).staticContent(web).build();
 * }</pre>
 *
 * <p>The gate answers {@code GET} and {@code HEAD} of every path outside {@code /api/} that no API
 * route ({@code /healthz}, {@code /metrics}) owns: {@code /} is {@code /index.html}, an unknown
 * path is the gate's usual 404. Each answer has the content type with {@code charset=utf-8} for
 * text, {@code Cache-Control: no-cache} with a strong ETag (a matching {@code If-None-Match} gets
 * 304), {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer} and this
 * Content-Security-Policy:
 *
 * <pre>
 * default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:;
 * connect-src 'self' CONNECT-SOURCES; form-action 'self'; frame-ancestors 'none'; base-uri 'none'
 * </pre>
 *
 * where CONNECT-SOURCES are the chat nodes' WebSocket origins the page may open
 * ({@link Builder#connectSources}); without them the page can reach the gate only.
 *
 * <p>Immutable and thread-safe.
 */
public final class StaticContent {
  /** Default cap on the number of files. */
  public static final int DEFAULT_MAX_FILES = 1_000;
  /** Default cap on all files' bytes together: 32 MiB. */
  public static final long DEFAULT_MAX_BYTES = 32L << 20;

  private static final String INDEX = "index.html";

  private final StaticFiles files;
  private final String origin;

  private StaticContent(StaticFiles files, String origin) {
    this.files = files;
    this.origin = origin;
  }

  /**
   * The files under {@code prefix} ({@code "dev/parley/web/"}; a trailing {@code /} is added) of
   * the first class-path entry (a jar or a directory) that has {@code prefix + "index.html"};
   * {@code .class} files (a Java package may share the folder) are left out.
   */
  public static Builder fromClasspath(ClassLoader loader, String prefix) {
    Objects.requireNonNull(loader, "loader");
    String folder = BuilderChecks.requireText("prefix", prefix);
    String normalised = folder.endsWith("/") ? folder : folder + "/";
    return new Builder((max, n) -> readClasspath(loader, normalised, max, n), "class path " + normalised);
  }

  /** The regular files under {@code directory}, its subdirectories included; symbolic links and {@code .class} files are skipped. */
  public static Builder fromDirectory(Path directory) {
    Objects.requireNonNull(directory, "directory");
    return new Builder((max, n) -> readDirectory(directory, max, n), "directory " + directory);
  }

  /** True when {@code loader} has {@code prefix + "index.html"}: a web client {@link #fromClasspath} can read. */
  public static boolean onClasspath(ClassLoader loader, String prefix) {
    String normalised = prefix.endsWith("/") ? prefix : prefix + "/";
    return loader.getResource(normalised + INDEX) != null;
  }

  /** The request paths served, e.g. {@code /index.html}, sorted. */
  public Set<String> paths() {
    return files.paths();
  }

  /** The bytes served at {@code path} (e.g. {@code /app.js}), or null when there is no such file. */
  public byte[] bytes(String path) {
    StaticFiles.File file = files.file(path);
    return file == null ? null : file.body().clone();
  }

  /** The Content-Security-Policy header as it would be sent now. */
  public String contentSecurityPolicy() {
    return files.contentSecurityPolicy();
  }

  /** What the files came from ("class path dev/parley/web/"), for logs. */
  @Override
  public String toString() {
    return files.size() + " static files from " + origin;
  }

  StaticFiles files() {
    return files;
  }

  /** A source of named files: name relative to the root ({@code js/app.js}) to bytes. */
  @FunctionalInterface
  private interface Source {
    List<Named> read(long maxBytes, int maxFiles) throws IOException;
  }

  private record Named(String name, byte[] body) {}

  /** Builds a {@link StaticContent}. Not thread-safe. */
  public static final class Builder {
    private final Source source;
    private final String origin;
    private Supplier<? extends Collection<String>> connectSources = List::of;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private int maxFiles = DEFAULT_MAX_FILES;

    private Builder(Source source, String origin) {
      this.source = source;
      this.origin = origin;
    }

    /**
     * The sources besides {@code 'self'} that the page may connect to (CSP {@code connect-src}):
     * the WebSocket origins of the chat nodes the gate hands out, e.g.
     * {@code wss://chat-1.example.com:9443}, or one host wildcard for a cluster whose nodes share a
     * domain, {@code wss://*.chat.example.com:9443}. Each must be one source expression (no space,
     * {@code ;}, {@code ,} or quote). Default none.
     */
    public Builder connectSources(Collection<String> sources) {
      List<String> copy = List.copyOf(sources);
      copy.forEach(ContentSecurityPolicy::checkSource);
      this.connectSources = () -> copy;
      return this;
    }

    /**
     * Like {@link #connectSources(Collection)}, but asked on every answer, for sources known only
     * once servers run (a chat node's port 0) or that change (nodes joining). It runs on the gate's
     * event loop: it must return at once, without I/O.
     */
    public Builder connectSources(Supplier<? extends Collection<String>> sources) {
      this.connectSources = Objects.requireNonNull(sources, "connectSources");
      return this;
    }

    /** Cap on all files' bytes together; default {@link #DEFAULT_MAX_BYTES}. */
    public Builder maxBytes(long max) {
      if (max <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive, was " + max);
      }
      this.maxBytes = max;
      return this;
    }

    /** Cap on the number of files; default {@link #DEFAULT_MAX_FILES}. */
    public Builder maxFiles(int max) {
      this.maxFiles = BuilderChecks.positive("maxFiles", max);
      return this;
    }

    /**
     * Reads every file into memory.
     *
     * @throws UncheckedIOException when the folder cannot be read
     * @throws IllegalStateException when it is missing or empty, or holds more than the caps allow
     */
    public StaticContent build() {
      List<Named> read;
      try {
        read = source.read(maxBytes, maxFiles);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read static content from " + origin, e);
      }
      if (read.isEmpty()) {
        throw new IllegalStateException("no static files in " + origin);
      }
      Map<String, StaticFiles.File> byPath = new TreeMap<>();
      for (Named named : read) {
        byPath.put("/" + named.name(), StaticFiles.File.of(named.name(), named.body()));
      }
      Supplier<? extends Collection<String>> sources = connectSources;
      return new StaticContent(new StaticFiles(byPath, () -> List.copyOf(sources.get())), origin);
    }
  }

  private static List<Named> readClasspath(ClassLoader loader, String prefix, long maxBytes, int maxFiles)
      throws IOException {
    // The entry that has the page, not merely the folder: test classes may share the package folder.
    URL root = loader.getResource(prefix + INDEX);
    if (root == null) {
      throw new IllegalStateException("no " + prefix + INDEX + " on the class path");
    }
    if (root.getProtocol().equals("file")) {
      try {
        return readDirectory(Path.of(root.toURI()).getParent(), maxBytes, maxFiles);
      } catch (URISyntaxException e) {
        throw new IOException("unreadable class-path URL " + root, e);
      }
    }
    if (!root.getProtocol().equals("jar")) {
      throw new IllegalStateException("cannot list " + root + ": only jar: and file: class-path entries");
    }
    JarURLConnection connection = (JarURLConnection) root.openConnection();
    connection.setUseCaches(false);
    List<Named> out = new ArrayList<>();
    Budget budget = new Budget(prefix, maxBytes, maxFiles);
    try (JarFile jar = connection.getJarFile()) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.isDirectory() || !entry.getName().startsWith(prefix) || entry.getName().endsWith(".class")) {
          continue;
        }
        try (InputStream in = jar.getInputStream(entry)) {
          out.add(new Named(entry.getName().substring(prefix.length()), budget.read(in, entry.getName())));
        }
      }
    }
    return out;
  }

  private static List<Named> readDirectory(Path directory, long maxBytes, int maxFiles) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new IllegalStateException("not a directory: " + directory);
    }
    Budget budget = new Budget(directory.toString(), maxBytes, maxFiles);
    List<Named> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) walk::iterator) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || file.toString().endsWith(".class")) {
          continue;
        }
        String name = directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
          out.add(new Named(name, budget.read(in, name)));
        }
      }
    }
    return out;
  }

  /** Counts files and bytes against the caps while reading. */
  private static final class Budget {
    private final String where;
    private final long maxBytes;
    private final int maxFiles;
    private long bytes;
    private int files;

    Budget(String where, long maxBytes, int maxFiles) {
      this.where = where;
      this.maxBytes = maxBytes;
      this.maxFiles = maxFiles;
    }

    byte[] read(InputStream in, String name) throws IOException {
      if (++files > maxFiles) {
        throw new IllegalStateException("more than " + maxFiles + " static files in " + where);
      }
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes - bytes + 1));
      bytes += body.length;
      if (bytes > maxBytes) {
        throw new IllegalStateException("static files in " + where + " exceed " + maxBytes + " bytes (at " + name + ")");
      }
      return body;
    }
  }
}
