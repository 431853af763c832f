package dev.parley.sdk;

import java.util.Objects;

/**
 * Where a chat node listens. Immutable.
 *
 * @param host host name or address
 * @param port TCP port
 */
public record ChatAddress(String host, int port) {
  public ChatAddress {
    Objects.requireNonNull(host, "host");
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
