package dev.parley.server.internal.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The body limit in isolation (EmbeddedChannel): what passes on, what is dropped, what is answered. */
class GateBodyAggregatorTest {
  private static final int LIMIT = 16;

  private final EmbeddedChannel channel = new EmbeddedChannel(new GateBodyAggregator(LIMIT));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private static HttpRequest post(long contentLength) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/v1/users?x=1");
    request.headers().set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
    return request;
  }

  private static ByteBuf bytes(int n) {
    return Unpooled.wrappedBuffer("x".repeat(n).getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aBodyWithinTheLimitIsAggregated() {
    channel.writeInbound(post(LIMIT), new DefaultLastHttpContent(bytes(LIMIT)));

    FullHttpRequest full = channel.readInbound();
    assertThat(full.content().readableBytes()).isEqualTo(LIMIT);
    full.release();
  }

  @Test
  void anOversizedContentLengthPassesOnAMarkerAndDropsTheBodyAsItArrives() {
    channel.writeInbound(post(1_000_000));

    OversizedRequest marker = channel.readInbound();
    assertThat(marker).isEqualTo(new OversizedRequest(HttpMethod.POST, "/api/v1/users?x=1", HttpVersion.HTTP_1_1, true));
    assertThat(channel.<Object>readOutbound()).as("no response of its own").isNull();

    ByteBuf chunk = bytes(1000);
    ByteBuf last = bytes(1000);
    channel.writeInbound(new DefaultHttpContent(chunk), new DefaultLastHttpContent(last));
    assertThat(channel.<Object>readInbound()).isNull();
    assertThat(chunk.refCnt()).isZero();
    assertThat(last.refCnt()).isZero();

    channel.writeInbound(post(2), new DefaultLastHttpContent(bytes(2)));
    FullHttpRequest next = channel.readInbound();
    assertThat(next.content().readableBytes()).isEqualTo(2);
    next.release();
  }

  @Test
  void aChunkedBodyIsCutOffWhenItCrossesTheLimit() {
    HttpRequest chunked = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/v1/users");
    chunked.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    channel.writeInbound(chunked, new DefaultHttpContent(bytes(10)));
    assertThat(channel.<Object>readInbound()).isNull();

    channel.writeInbound(new DefaultHttpContent(bytes(10)));
    assertThat(channel.<Object>readInbound()).isInstanceOf(OversizedRequest.class);
    channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(channel.<Object>readInbound()).isNull();
  }

  @Test
  void anOversizedBodyBehindExpectContinueGetsNoContinueAndMayNotKeepTheConnection() {
    HttpRequest request = post(1_000_000);
    request.headers().set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);
    channel.writeInbound(request);

    OversizedRequest marker = channel.readInbound();
    assertThat(marker.keepAlive()).isFalse();
    assertThat(channel.<Object>readOutbound()).as("neither 100 Continue nor 417").isNull();
  }

  @Test
  void aSmallBodyBehindExpectContinueGetsContinue() {
    HttpRequest request = post(4);
    request.headers().set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);
    channel.writeInbound(request);

    FullHttpResponse proceed = channel.readOutbound();
    assertThat(proceed.status()).isEqualTo(HttpResponseStatus.CONTINUE);
    proceed.release();
    channel.writeInbound(new DefaultLastHttpContent(bytes(4)));
    FullHttpRequest full = channel.readInbound();
    assertThat(full.content().readableBytes()).isEqualTo(4);
    full.release();
  }
}
