package dev.parley.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** The one-argument checks and the defaults the server builders share. Stateless. */
final class BuilderChecks {
  /** The default bind address of every role (chat node, gate, status, verify, all-in-one): loopback only. */
  static final String DEFAULT_HOST = "127.0.0.1";
  // Dotted digits (IPv4) or hex groups with at least one colon (IPv6): never a host name.
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

  private BuilderChecks() {}

  /**
   * True for an all-interfaces address, which clients cannot be told to connect to: any spelling
   * of it ("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "::0"). Only IP literals are parsed, so no
   * host name is ever looked up here.
   */
  static boolean isWildcard(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!IP_LITERAL.matcher(h).matches()) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static int port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    return port;
  }

  static String requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /** A setting {@code build()} requires; IllegalStateException when it was never set. */
  static void requireSet(String name, Object value) {
    if (value == null) {
      throw new IllegalStateException(name + " is required");
    }
  }

  static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  static long atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  static int positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }

  static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }

  static Duration nonNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
    return value;
  }
}
