package dev.parley.server;

import dev.parley.core.service.ChatLimits;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.LoginLock;
import dev.parley.core.spi.MailSender;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PasswordHasher;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.UserStore;
import dev.parley.core.spi.VerificationCodes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;

/**
 * A {@link ParleyServer}'s frozen configuration, every backend resolved. Immutable.
 * {@code blockingThreads} 0: the chat node's default executor size; {@code blockingQueueSize} 0: derived
 * from the threads ({@link ChatNodeBuilder#blockingThreads}).
 */
record ParleyServerConfig(String host, int gatePort, int chatPort, String advertisedHost, String nodeId,
    ChatLimits limits, Clock clock, UserStore users, FriendStore friends, MessageStore messages,
    PresenceRegistry presence, TokenStore tokens, VerificationCodes codes, NodeDirectory directory,
    RateLimiter rateLimiter, LoginLock loginLock, MailSender mail, PasswordHasher hasher,
    PrometheusMeterRegistry meters, int ioThreads, int blockingThreads, int blockingQueueSize) {

  /** The chat node of this server, wired to the same backends. */
  ChatNodeBuilder nodeBuilder() {
    ChatNodeBuilder b = ChatNode.builder().nodeId(nodeId).host(host).port(chatPort).advertisedHost(advertisedHost)
        .userStore(users).friendStore(friends).messageStore(messages).presenceRegistry(presence)
        .tokenStore(tokens).nodeDirectory(directory).loginLock(loginLock).limits(limits).clock(clock)
        .meterRegistry(meters).ioThreads(ioThreads).rateLimiter(rateLimiter);
    if (blockingThreads > 0 && blockingQueueSize > 0) {
      b.blockingWork(blockingThreads, blockingQueueSize);
    } else if (blockingThreads > 0) {
      b.blockingThreads(blockingThreads);
    }
    return b;
  }
}
