package dev.parley.server.internal.node;

import dev.parley.server.TlsSettings;

import dev.parley.core.service.ChatLimits;
import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.LoginLock;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.UserStore;
import dev.parley.server.internal.cache.CacheSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * A chat node's validated, frozen configuration, made by {@link dev.parley.server.ChatNodeBuilder#build()}. Immutable.
 * {@code requestsOnEventLoop}: every SPI (node directory included) is non-blocking, so the node's
 * {@code RequestThreading} is inline: requests are answered on the event loop. {@code changeFeed} null:
 * the node caches neither friendships, group memberships nor presence. {@code clientTls} null: the client port (and the
 * WebSocket port, which shares its TLS) is plaintext. {@code webSocket} null: no WebSocket listener. {@code internalTls}
 * null: the internal gRPC server and the calls to peers are plaintext. {@code hooks}: the host's message interceptor and
 * event listener ({@link HookSettings#none()} when it has neither). {@code credentialLogin} null: {@code Login} with a JWT is refused.
 * {@code offlinePush}: the host's offline push ({@link OfflinePushSettings#none()}: off).
 * {@code blocks}: who blocks whom (issue 15).
 */
public record ChatNodeConfig(String nodeId, String host, int port, String advertisedHost, int internalPort,
    UserStore users, FriendStore friends, MessageStore messages, GroupStore groups, PresenceRegistry presence,
    TokenStore tokens,
    NodeDirectory directory, LoginLock loginLock, ChatLimits limits, Clock clock, MeterRegistry meters,
    int ioThreads, int blockingThreads, int blockingQueueSize, PipelineSettings pipeline,
    Duration nodeHeartbeatInterval, Duration presenceRefreshInterval, Duration peerCallTimeout,
    boolean requestsOnEventLoop, boolean preferNativeTransport, RateLimiter rateLimiter,
    int maxUnauthenticatedPerAddress, Duration tokenRecheckInterval, ChangeFeed changeFeed,
    CacheSettings friendshipCache, CacheSettings groupMemberCache, CacheSettings presenceCache, TlsSettings clientTls,
    WebSocketSettings webSocket, TlsSettings internalTls, HookSettings hooks,
    CredentialLoginSettings credentialLogin, OfflinePushSettings offlinePush,
    BlockStore blocks) {}
