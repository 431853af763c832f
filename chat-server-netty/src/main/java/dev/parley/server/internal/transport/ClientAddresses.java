package dev.parley.server.internal.transport;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What "one client address" means for every per-address cap (connections, login attempts, code
 * requests): an IPv4 address as it is; an IPv6 address by its /64 network, which one subscriber
 * usually holds whole, so a client cannot pass a cap by rotating through the 2^64 addresses of its
 * own network. Stateless and thread-safe.
 */
public final class ClientAddresses {
  private static final int IPV6_NETWORK_BYTES = 8;

  private ClientAddresses() {}

  /** The address caps count under: {@code address} itself, or for IPv6 its /64 network. */
  public static InetAddress networkOf(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] network = Arrays.copyOf(address.getAddress(), 16);
    Arrays.fill(network, IPV6_NETWORK_BYTES, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(network);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are an IPv6 address", e);
    }
  }

  /** The network of {@code remote}, or null when it is not an IP socket address. */
  public static InetAddress networkOf(SocketAddress remote) {
    if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return null;
    }
    return networkOf(inet.getAddress());
  }

  /**
   * The rate-limit key of {@code remote}: "192.0.2.7", or for IPv6 "2001:db8:1:2:0:0:0:0/64";
   * anything that is not an IP socket address by its {@code toString()}.
   */
  public static String keyOf(SocketAddress remote) {
    InetAddress network = networkOf(remote);
    if (network == null) {
      return String.valueOf(remote);
    }
    return network instanceof Inet6Address ? network.getHostAddress() + "/64" : network.getHostAddress();
  }
}
