package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.model.BindResult;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.Platform;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionRef;
import dev.parley.core.model.UnbindResult;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.server.internal.grpc.GrpcCalls;
import dev.parley.server.internal.grpc.NodeEntry;
import dev.parley.server.internal.grpc.RegisterNodeRequest;
import dev.parley.server.internal.grpc.StatusServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the contracts do not cover: errors across the hop, deadlines, batching and channel ownership. */
class StatusClientTest {
  private final StatusLoopback loopback = new StatusLoopback();

  @AfterEach
  void close() {
    loopback.close();
  }

  @Test
  void anUnreachableStatusServerIsUnavailableAtOnce() throws IOException {
    int closedPort = freePort();
    try (StatusClient client = StatusClient.builder().address("127.0.0.1", closedPort).deadline(Duration.ofSeconds(30)).build()) {
      // Connection refused fails the call right away, long before the 30 s deadline.
      ChatException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> catchChat(() -> client.assign()));
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.detail()).contains("status service at 127.0.0.1:" + closedPort);
    }
  }

  @Test
  void aCallThatOutlivesItsDeadlineIsUnavailable() {
    CountDownLatch release = new CountDownLatch(1);
    PresenceRegistry stuck = new PresenceRegistry() {
      @Override
      public BindResult bind(PresenceBinding session, LoginPolicy policy) {
        return new BindResult(false, List.of());
      }

      @Override
      public UnbindResult unbind(long userId, String sessionId) {
        return UnbindResult.NOT_BOUND;
      }

      @Override
      public List<PresenceBinding> sessions(long userId) {
        awaitQuietly(release); // a backend that hangs
        return List.of();
      }

      @Override
      public int refresh(Collection<SessionRef> sessions) {
        return 0;
      }
    };
    StatusServer server = StatusServer.builder().host("127.0.0.1").port(0).nodeDirectory(new InMemoryNodeDirectory())
        .presence(stuck).shutdownGrace(Duration.ZERO).build().start();
    try (StatusClient client = StatusClient.builder().address("127.0.0.1", server.port())
        .deadline(Duration.ofMillis(300)).build()) {
      ChatException e = catchChat(() -> client.sessions(7));
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.detail()).contains("DEADLINE_EXCEEDED");
    } finally {
      release.countDown();
      server.stop();
    }
  }

  @Test
  void aServerSideErrorKeepsItsCode() {
    StatusClient client = loopback.client(new InMemoryNodeDirectory(), new InMemoryPresenceRegistry());
    // A binding cannot even be built for user 0 here, so send an unbind the server must refuse.
    assertThatThrownBy(() -> client.unbind(0, "s1"))
        .isInstanceOfSatisfying(ChatException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
          assertThat(e.detail()).contains("userId must be positive");
        });
  }

  @Test
  void aMalformedNodeFromTheWireIsBadRequest() {
    InMemoryNodeDirectory nodes = new InMemoryNodeDirectory();
    StatusServer server = StatusServer.builder().host("127.0.0.1").port(0).nodeDirectory(nodes)
        .presence(new InMemoryPresenceRegistry()).build().start();
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(),
        InsecureChannelCredentials.create()).build();
    try {
      StatusServiceGrpc.StatusServiceBlockingStub stub = StatusServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(5, TimeUnit.SECONDS);
      RegisterNodeRequest bad = RegisterNodeRequest.newBuilder()
          .setNode(NodeEntry.newBuilder().setNodeId("n1").setHost("h").setInternalHost("h").setPort(70_000)).build();
      ChatException e = catchChat(() -> GrpcCalls.call("status", () -> stub.registerNode(bad)));
      assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
      assertThat(e.detail()).contains("invalid node 'n1'").contains("70000");
      assertThat(nodes.liveNodes()).isEmpty();

      ChatException missing = catchChat(() -> GrpcCalls.call("status",
          () -> stub.registerNode(RegisterNodeRequest.getDefaultInstance())));
      assertThat(missing.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    } finally {
      channel.shutdownNow();
      server.stop();
    }
  }

  @Test
  void batchLookupAndRefreshCoverEveryUser() {
    StatusClient client = loopback.client(new InMemoryNodeDirectory(), new InMemoryPresenceRegistry());
    LoginPolicy policy = LoginPolicy.onePerPlatform();
    client.bind(new PresenceBinding(1, "node-a", "s1", Instant.EPOCH), policy);
    client.bind(new PresenceBinding(2, "node-b", "s2", "phone", Platform.MOBILE, Instant.EPOCH), policy);
    client.bind(new PresenceBinding(2, "node-a", "s2b", "laptop", Platform.DESKTOP, Instant.EPOCH), policy);

    Map<Long, List<PresenceBinding>> found = client.lookupAll(List.of(1L, 2L, 3L));
    assertThat(found).containsOnlyKeys(1L, 2L);
    assertThat(found.get(1L)).extracting(PresenceBinding::sessionId).containsExactly("s1");
    assertThat(found.get(2L)).extracting(PresenceBinding::sessionId, PresenceBinding::nodeId,
            PresenceBinding::deviceId, PresenceBinding::platform)
        .containsExactlyInAnyOrder(tuple("s2", "node-b", "phone", Platform.MOBILE),
            tuple("s2b", "node-a", "laptop", Platform.DESKTOP));
    assertThat(client.lookupAll(List.of())).isEmpty();
    assertThat(client.refresh(List.of(new SessionRef(1, "s1"), new SessionRef(2, "stale-session"),
        new SessionRef(2, "s2"), new SessionRef(2, "s2b"), new SessionRef(3, "s3")))).isEqualTo(3);
    assertThat(client.refresh(List.of())).isZero();
  }

  @Test
  void nodeFieldsAndTimestampsSurviveTheHopExactly() {
    StatusClient client = loopback.client(new InMemoryNodeDirectory(), new InMemoryPresenceRegistry());
    ChatNodeInfo node = new ChatNodeInfo("node-x", "chat.example", 7001, "10.0.0.9", 9001, 3, Instant.EPOCH, true, 7002);
    client.register(node);

    ChatNodeInfo found = client.find("node-x").orElseThrow();
    assertThat(found).usingRecursiveComparison().ignoringFields("lastHeartbeat").isEqualTo(node);
    assertThat(client.liveNodes()).containsExactly(found);
    assertThat(client.assign()).contains(found.withLoad(3, found.lastHeartbeat()));
    assertThat(client.heartbeat("node-x", 5)).isTrue();
    assertThat(client.heartbeat("unknown", 5)).isFalse();
    assertThat(client.deregister("node-x")).isTrue();
    assertThat(client.deregister("node-x")).isFalse();
  }

  @Test
  void aBorrowedChannelStaysOpenAfterClose() {
    StatusServer server = StatusServer.builder().host("127.0.0.1").port(0).nodeDirectory(new InMemoryNodeDirectory())
        .presence(new InMemoryPresenceRegistry()).build().start();
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(),
        InsecureChannelCredentials.create()).build();
    try {
      StatusClient.builder().channel(channel).build().close();
      assertThat(channel.isShutdown()).isFalse();
      try (StatusClient again = StatusClient.builder().channel(channel).build()) {
        assertThat(again.liveNodes()).isEmpty();
      }
    } finally {
      channel.shutdownNow();
      server.stop();
    }
  }

  @Test
  void theBuilderNeedsExactlyOneTarget() {
    assertThatThrownBy(() -> StatusClient.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> StatusServer.builder().port(0).build()).isInstanceOf(IllegalStateException.class);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static ChatException catchChat(Runnable call) {
    try {
      call.run();
    } catch (ChatException e) {
      return e;
    }
    throw new AssertionError("expected a ChatException");
  }

  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
