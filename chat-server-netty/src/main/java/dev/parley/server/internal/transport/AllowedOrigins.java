package dev.parley.server.internal.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which browser pages may open a WebSocket to the chat node, judged by the upgrade request's
 * {@code Origin} header (the defence against cross-site WebSocket hijacking). A request without an
 * {@code Origin} is always allowed: every browser sends one on a WebSocket upgrade, so its absence
 * means a non-browser client (an SDK, a CLI), which no page can be tricked into opening.
 *
 * <ul>
 *   <li>{@link #of}: exact matches of {@code scheme://host[:port]} (compared without regard to
 *       case, a trailing {@code /} ignored); {@code "*"} allows any origin;</li>
 *   <li>{@link #sameHost}: any origin whose host is the given host, on any scheme and port (the
 *       default, with the node's advertised host);</li>
 *   <li>{@link #plus}: these and the exact origins a supplier names at the time of each upgrade
 *       (the all-in-one server's own gate, whose port is known only once it runs).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe (a {@link #plus} supplier must be too).
 */
public final class AllowedOrigins {
  private final Set<String> exact;
  private final boolean any;
  private final String host;
  private final Supplier<? extends Collection<String>> more; // exact origins asked on each upgrade

  private AllowedOrigins(Set<String> exact, boolean any, String host, Supplier<? extends Collection<String>> more) {
    this.exact = exact;
    this.any = any;
    this.host = host;
    this.more = more;
  }

  /**
   * The origins in {@code origins}, each {@code "*"} or {@code scheme://host[:port]}.
   *
   * @throws IllegalArgumentException when one is neither (a path, a query, no scheme or no host)
   */
  public static AllowedOrigins of(Collection<String> origins) {
    Set<String> exact = new LinkedHashSet<>();
    boolean any = false;
    for (String o : origins) {
      Objects.requireNonNull(o, "origin");
      if (o.equals("*")) {
        any = true;
      } else {
        exact.add(checked(o));
      }
    }
    return new AllowedOrigins(Set.copyOf(exact), any, null, Set::of);
  }

  /** Any origin whose host is {@code host} (no brackets around an IPv6 address), on any scheme and port. */
  public static AllowedOrigins sameHost(String host) {
    return new AllowedOrigins(Set.of(), false, unbracketed(Objects.requireNonNull(host, "host")), Set::of);
  }

  /**
   * These origins and also every exact {@code scheme://host[:port]} that {@code origins} returns
   * when an upgrade is checked; it runs on an event loop, so it must answer at once, without I/O.
   */
  public AllowedOrigins plus(Supplier<? extends Collection<String>> origins) {
    Objects.requireNonNull(origins, "origins");
    Supplier<? extends Collection<String>> before = more;
    return new AllowedOrigins(exact, any, host, () -> {
      List<String> all = new ArrayList<>(before.get());
      all.addAll(origins.get());
      return all;
    });
  }

  /** True when a request whose {@code Origin} header is {@code origin} (null: none) may upgrade. */
  public boolean allows(String origin) {
    if (origin == null || any) {
      return true;
    }
    String normalised = normalised(origin);
    if (exact.contains(normalised)) {
      return true;
    }
    for (String extra : more.get()) {
      if (normalised(extra).equals(normalised)) {
        return true;
      }
    }
    return host != null && host.equalsIgnoreCase(hostOf(normalised));
  }

  @Override
  public String toString() {
    String base = any ? "any origin" : host != null ? "origins on host " + host : "origins " + exact;
    List<String> extra = List.copyOf(more.get());
    return extra.isEmpty() ? base : base + " plus " + extra;
  }

  private static String checked(String origin) {
    String normalised = normalised(origin);
    try {
      URI uri = new URI(normalised);
      boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
          && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
      if (uri.getScheme() != null && uri.getHost() != null && bare) {
        return normalised;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException("allowed origin must be \"*\" or scheme://host[:port], was \"" + origin + "\"");
  }

  private static String normalised(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }

  private static String hostOf(String origin) {
    try {
      String h = new URI(origin).getHost();
      return h == null ? null : unbracketed(h);
    } catch (URISyntaxException e) {
      return null; // "null" (a sandboxed page) and other opaque origins have no host
    }
  }

  private static String unbracketed(String h) {
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }
}
