package dev.parley.examples.cluster;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before a role connects to its database or Redis, that it can bind every port it will
 * listen on: binds them all at once on {@code --host} (so two options naming the same port are
 * caught too) and releases them. A failure becomes a {@link StartupRefused} naming the port and
 * host, e.g. {@code port 9000 on 127.0.0.1 is already in use}. Stateless.
 *
 * <p>The role binds for real a moment later; another process taking a port in between still fails
 * the start, only with a longer message.
 */
final class BindCheck {
  private BindCheck() {}

  /** Throws {@link StartupRefused} unless every port (0 = any free one) can be bound on {@code host}. */
  static void requireBindable(String host, int... ports) {
    InetAddress address = resolve(host);
    List<ServerSocket> bound = new ArrayList<>();
    try {
      for (int port : ports) {
        bound.add(bind(host, address, port));
      }
    } finally {
      bound.forEach(BindCheck::closeQuietly);
    }
  }

  private static InetAddress resolve(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new StartupRefused("--host " + host + " is not a known host name or address");
    }
  }

  private static ServerSocket bind(String host, InetAddress address, int port) {
    if (port < 0 || port > 65535) {
      throw new StartupRefused("port " + port + " is not in 0..65535");
    }
    ServerSocket socket = null;
    try {
      socket = new ServerSocket();
      socket.setReuseAddress(true); // as the role's servers do: a port in TIME_WAIT is free
      socket.bind(new InetSocketAddress(address, port), 1);
      return socket;
    } catch (IOException e) {
      closeQuietly(socket);
      throw refusal(host, port, e);
    }
  }

  private static StartupRefused refusal(String host, int port, IOException e) {
    String reason = String.valueOf(e.getMessage());
    if (e instanceof BindException && reason.contains("already in use")) {
      return new StartupRefused("port " + port + " on " + host + " is already in use");
    }
    if (reason.contains("assign requested address")) {
      return new StartupRefused("--host " + host + " is not an address of this machine (" + reason + ")");
    }
    if (reason.contains("Permission denied")) {
      return new StartupRefused("port " + port + " on " + host + " needs privileges this process lacks (" + reason + ")");
    }
    return new StartupRefused("cannot listen on port " + port + " on " + host + ": " + reason);
  }

  private static void closeQuietly(ServerSocket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing was accepted on it; the port is released either way
    }
  }
}
