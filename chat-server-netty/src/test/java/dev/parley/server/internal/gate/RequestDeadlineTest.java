package dev.parley.server.internal.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request deadlines in isolation (EmbeddedChannel, frozen clock): when they start, stop and fire. */
class RequestDeadlineTest {
  private static final long HEADERS_MS = 1000;
  private static final long REQUEST_MS = 3000;

  private EmbeddedChannel channel;

  @BeforeEach
  void pipeline() {
    RequestDeadline deadline = new RequestDeadline(Duration.ofMillis(HEADERS_MS), Duration.ofMillis(REQUEST_MS));
    channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast(deadline.startWatcher(), new HttpRequestDecoder(), deadline);
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private void receive(String text) {
    channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
  }

  private void advance(long millis) {
    channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
  }

  @Test
  void headersNotWholeWithinTheirDeadlineOfTheFirstByteTimeOut() {
    receive("GET /healthz HT");
    advance(HEADERS_MS - 1);
    receive("TP/1.1\r\nHost: g"); // more bytes do not move the deadline
    assertThat((Object) channel.readInbound()).isNull();

    advance(1);

    TimedOutRequest timedOut = channel.readInbound();
    assertThat(timedOut.method()).as("the request line never got decoded").isNull();
    assertThat(timedOut.why()).isEqualTo("the request line and headers did not arrive within 1000 ms of its first byte");
    assertThat(channel.config().isAutoRead()).isFalse();
  }

  @Test
  void aBodyNotWholeWithinTheRequestDeadlineTimesOutWithTheRequestsHead() {
    receive("POST /api/v1/users HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
    assertThat(channel.<Object>readInbound()).isInstanceOf(HttpRequest.class);
    ReferenceCountUtil.release(channel.readInbound()); // the first body bytes
    advance(REQUEST_MS - 1);
    assertThat((Object) channel.readInbound()).as("the headers deadline stopped when the head arrived").isNull();

    advance(1);

    TimedOutRequest timedOut = channel.readInbound();
    assertThat(timedOut.method()).isEqualTo(HttpMethod.POST);
    assertThat(timedOut.uri()).isEqualTo("/api/v1/users");
    assertThat(timedOut.why()).startsWith("the whole request did not arrive within 3000 ms");

    receive("defghij"); // the rest of the body, after the deadline: dropped, nothing passes on
    assertThat((Object) channel.readInbound()).isNull();
  }

  @Test
  void aWholeRequestStopsBothDeadlinesAndTheNextStartsItsOwnAtItsFirstByte() {
    receive("GET /healthz HTTP/1.1\r\n\r\n");
    assertThat(channel.<Object>readInbound()).isInstanceOf(HttpRequest.class);
    assertThat(channel.<Object>readInbound()).isInstanceOf(LastHttpContent.class);
    advance(10 * REQUEST_MS); // a kept-alive connection waiting between requests: no deadline runs
    assertThat((Object) channel.readInbound()).isNull();

    receive("GET /hea");
    advance(HEADERS_MS);

    assertThat(channel.<Object>readInbound()).isInstanceOf(TimedOutRequest.class);
  }

  @Test
  void contentPassesOnUntouchedWithinTheDeadlines() {
    receive("POST /x HTTP/1.1\r\nContent-Length: 4\r\n\r\n");
    advance(REQUEST_MS - 10);
    receive("body");
    assertThat(channel.<Object>readInbound()).isInstanceOf(HttpRequest.class);
    HttpContent last = channel.readInbound();
    ByteBuf content = last.content();
    assertThat(content.toString(StandardCharsets.US_ASCII)).isEqualTo("body");
    last.release();
    advance(REQUEST_MS);
    assertThat((Object) channel.readInbound()).isNull();
  }
}
