package dev.parley.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection caps in isolation: an EmbeddedChannel plays the server channel, and each accepted
 * connection is an EmbeddedChannel with the client address it claims.
 */
class ConnectionLimiterTest {
  private final List<ConnectionLimiter.Refusal> refusals = new ArrayList<>();
  private EmbeddedChannel server;

  @AfterEach
  void close() {
    server.finishAndReleaseAll();
  }

  private ConnectionLimiter limiter(int perAddress, int global) {
    ConnectionLimiter limiter = new ConnectionLimiter(perAddress, global, refusals::add);
    server = new EmbeddedChannel(limiter);
    return limiter;
  }

  /** Offers a connection from {@code host}; the accepted one, or null when it was refused (and closed). */
  private Channel accept(String host) {
    EmbeddedChannel child = new EmbeddedChannel() {
      @Override
      public SocketAddress remoteAddress() {
        return new InetSocketAddress(host, 40000);
      }
    };
    server.writeInbound(child);
    Channel passed = server.readInbound();
    assertThat(passed == null).as("refused %s is closed", host).isEqualTo(!child.isOpen());
    return passed;
  }

  @Test
  void anAddressOverItsCapIsRefusedAndClosedWhileOthersAreNot() {
    ConnectionLimiter limiter = limiter(2, 100);
    assertThat(accept("10.0.0.1")).isNotNull();
    assertThat(accept("10.0.0.1")).isNotNull();
    assertThat(accept("10.0.0.1")).isNull();
    assertThat(accept("10.0.0.2")).isNotNull();
    assertThat(refusals).containsExactly(ConnectionLimiter.Refusal.PER_ADDRESS);
    assertThat(limiter.held()).isEqualTo(3);
  }

  @Test
  void theGlobalCapCountsEveryAddress() {
    limiter(10, 2);
    assertThat(accept("10.0.0.1")).isNotNull();
    assertThat(accept("10.0.0.2")).isNotNull();
    assertThat(accept("10.0.0.3")).isNull();
    assertThat(refusals).containsExactly(ConnectionLimiter.Refusal.GLOBAL);
  }

  @Test
  void closingOrReleasingEarlyGivesThePermitBackOnce() {
    ConnectionLimiter limiter = limiter(1, 100);
    Channel first = accept("10.0.0.1");
    ConnectionLimiter.releaseEarly(first); // e.g. logged in
    assertThat(first.hasAttr(AttributeKey.valueOf(ConnectionLimiter.class, "permit")))
        .as("a released connection keeps nothing of the limiter").isFalse();
    Channel second = accept("10.0.0.1");
    assertThat(second).isNotNull();
    first.close(); // released already: must not free a second slot
    assertThat(accept("10.0.0.1")).isNull();

    second.close();
    assertThat(limiter.held()).isZero();
    assertThat(accept("10.0.0.1")).isNotNull();
  }

  @Test
  void ipv6ClientsAreCountedPerSlash64() {
    limiter(1, 100);
    assertThat(accept("2001:db8:1:2::1")).isNotNull();
    assertThat(accept("2001:db8:1:2:ffff::9")).as("same /64").isNull();
    assertThat(accept("2001:db8:1:3::1")).as("another /64").isNotNull();
  }
}
