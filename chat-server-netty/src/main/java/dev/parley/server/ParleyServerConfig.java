package dev.parley.server;

import dev.parley.core.service.ChatLimits;
import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.GroupStore;
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
 * The settings a {@link ParleyServer}'s roles share, every backend resolved; the role settings
 * themselves live in the built {@link ChatNode} and {@link GateServer}. Immutable.
 */
record ParleyServerConfig(String host, ChatLimits limits, Clock clock, UserStore users, FriendStore friends,
    MessageStore messages, GroupStore groups, PresenceRegistry presence, TokenStore tokens, VerificationCodes codes,
    NodeDirectory directory, RateLimiter rateLimiter, LoginLock loginLock, MailSender mail, PasswordHasher hasher,
    PrometheusMeterRegistry meters, ChangeFeed changeFeed) {}
