package dev.parley.server.internal.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client address the gate's routes see, which keys the per-address login and code-request
 * limits: an IPv6 client is one client for its whole /64, as for the connection cap, so it cannot
 * pass the limits by rotating through its own network's addresses.
 */
class GateClientAddressTest {
  private final GateWorkers workers = new GateWorkers(1, 1);
  private final GateRouter router = new GateRouter(List.of(GateRoute.inline(HttpMethod.GET, "/who", "who",
      request -> () -> GateResponse.text(HttpResponseStatus.OK, "text/plain", request.clientAddress()))));

  @AfterEach
  void stop() {
    workers.shutdown(Duration.ofSeconds(1));
  }

  private String seenAs(String host) {
    EmbeddedChannel channel = new EmbeddedChannel() {
      @Override
      public SocketAddress remoteAddress() {
        return new InetSocketAddress(host, 40000);
      }
    };
    channel.pipeline().addLast(new GateRequestHandler(new GateDispatcher(router, workers),
        new GateMetrics(new SimpleMeterRegistry(), workers), 1024));
    channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/who"));
    FullHttpResponse response = channel.readOutbound();
    try {
      return response.content().toString(StandardCharsets.UTF_8);
    } finally {
      response.release();
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void anIpv4ClientIsItsAddress() {
    assertThat(seenAs("192.0.2.7")).isEqualTo("192.0.2.7");
  }

  @Test
  void everyAddressOfOneIpv6SlashSixtyFourIsOneClient() {
    String one = seenAs("2001:db8:1:2::1");
    String other = seenAs("2001:db8:1:2:ffff:ffff:ffff:fffe");
    assertThat(one).isEqualTo(other).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(seenAs("2001:db8:1:3::1")).isNotEqualTo(one);
  }
}
