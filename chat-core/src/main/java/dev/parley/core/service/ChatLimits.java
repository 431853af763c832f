package dev.parley.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of DESIGN section 8, with their defaults. Immutable; change one with a {@code with...}
 * copy, e.g. {@code ChatLimits.defaults().withMaxTextLength(2000)}.
 *
 * @param maxTextLength longest message text, in characters (code points count as in {@link String#length()})
 * @param maxFrameBytes largest wire frame
 * @param maxHttpBodyBytes largest HTTP request body at the gate
 * @param heartbeatInterval how often clients should ping
 * @param idleTimeout a connection silent this long is closed
 * @param loginTimeout a connection that has not logged in this long after connecting is closed
 * @param tokenTtl not read by Parley: the token store owns the token lifetime ({@link dev.parley.core.spi.TokenStore#DEFAULT_TTL}, or the TTL given to the store)
 * @param loginAttemptsPerEmail login attempts allowed per email per {@code loginWindow}
 * @param loginAttemptsPerAddress login attempts allowed per client address per {@code loginWindow}
 * @param loginWindow the window of the login rate limits
 * @param messagesPerSecond requests a single connection may make per second (burst the same)
 * @param maxPageSize the largest page sync, history, search and list calls return
 * @param allowStrangers whether users may message users who are not their friends
 */
public record ChatLimits(int maxTextLength, int maxFrameBytes, int maxHttpBodyBytes,
    Duration heartbeatInterval, Duration idleTimeout, Duration loginTimeout, Duration tokenTtl,
    int loginAttemptsPerEmail, int loginAttemptsPerAddress, Duration loginWindow,
    int messagesPerSecond, int maxPageSize, boolean allowStrangers) {

  public ChatLimits {
    positive("maxTextLength", maxTextLength);
    positive("maxFrameBytes", maxFrameBytes);
    positive("maxHttpBodyBytes", maxHttpBodyBytes);
    positive("heartbeatInterval", heartbeatInterval);
    positive("idleTimeout", idleTimeout);
    positive("loginTimeout", loginTimeout);
    positive("tokenTtl", tokenTtl);
    positive("loginAttemptsPerEmail", loginAttemptsPerEmail);
    positive("loginAttemptsPerAddress", loginAttemptsPerAddress);
    positive("loginWindow", loginWindow);
    positive("messagesPerSecond", messagesPerSecond);
    positive("maxPageSize", maxPageSize);
    if (idleTimeout.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException("idleTimeout " + idleTimeout + " must exceed heartbeatInterval " + heartbeatInterval);
    }
  }

  /** The defaults of DESIGN section 8. */
  public static ChatLimits defaults() {
    return new ChatLimits(4000, 64 * 1024, 16 * 1024, Duration.ofSeconds(15), Duration.ofSeconds(45),
        Duration.ofSeconds(10), dev.parley.core.spi.TokenStore.DEFAULT_TTL, 10, 50, Duration.ofMinutes(1), 50, 200, false);
  }

  public ChatLimits withMaxTextLength(int v) {
    return new ChatLimits(v, maxFrameBytes, maxHttpBodyBytes, heartbeatInterval, idleTimeout, loginTimeout, tokenTtl,
        loginAttemptsPerEmail, loginAttemptsPerAddress, loginWindow, messagesPerSecond, maxPageSize, allowStrangers);
  }

  public ChatLimits withMaxFrameBytes(int v) {
    return new ChatLimits(maxTextLength, v, maxHttpBodyBytes, heartbeatInterval, idleTimeout, loginTimeout, tokenTtl,
        loginAttemptsPerEmail, loginAttemptsPerAddress, loginWindow, messagesPerSecond, maxPageSize, allowStrangers);
  }

  public ChatLimits withMaxHttpBodyBytes(int v) {
    return new ChatLimits(maxTextLength, maxFrameBytes, v, heartbeatInterval, idleTimeout, loginTimeout, tokenTtl,
        loginAttemptsPerEmail, loginAttemptsPerAddress, loginWindow, messagesPerSecond, maxPageSize, allowStrangers);
  }

  public ChatLimits withHeartbeat(Duration interval, Duration idle) {
    return new ChatLimits(maxTextLength, maxFrameBytes, maxHttpBodyBytes, interval, idle, loginTimeout, tokenTtl,
        loginAttemptsPerEmail, loginAttemptsPerAddress, loginWindow, messagesPerSecond, maxPageSize, allowStrangers);
  }

  public ChatLimits withLoginTimeout(Duration v) {
    return new ChatLimits(maxTextLength, maxFrameBytes, maxHttpBodyBytes, heartbeatInterval, idleTimeout, v, tokenTtl,
        loginAttemptsPerEmail, loginAttemptsPerAddress, loginWindow, messagesPerSecond, maxPageSize, allowStrangers);
  }

  /** @deprecated not read: the token store owns the TTL ({@link dev.parley.core.spi.TokenStore#DEFAULT_TTL}). */
  @Deprecated
  @Override
  public Duration tokenTtl() {
    return tokenTtl;
  }

  /** @deprecated the token store owns the TTL: {@code new InMemoryTokenStore(ttl, clock)}, {@code RedisCacheBuilder.tokenTtl}. */
  @Deprecated
  public ChatLimits withTokenTtl(Duration v) {
    return new ChatLimits(maxTextLength, maxFrameBytes, maxHttpBodyBytes, heartbeatInterval, idleTimeout, loginTimeout, v,
        loginAttemptsPerEmail, loginAttemptsPerAddress, loginWindow, messagesPerSecond, maxPageSize, allowStrangers);
  }

  public ChatLimits withLoginAttempts(int perEmail, int perAddress, Duration window) {
    return new ChatLimits(maxTextLength, maxFrameBytes, maxHttpBodyBytes, heartbeatInterval, idleTimeout, loginTimeout, tokenTtl,
        perEmail, perAddress, window, messagesPerSecond, maxPageSize, allowStrangers);
  }

  public ChatLimits withMessagesPerSecond(int v) {
    return new ChatLimits(maxTextLength, maxFrameBytes, maxHttpBodyBytes, heartbeatInterval, idleTimeout, loginTimeout, tokenTtl,
        loginAttemptsPerEmail, loginAttemptsPerAddress, loginWindow, v, maxPageSize, allowStrangers);
  }

  public ChatLimits withAllowStrangers(boolean v) {
    return new ChatLimits(maxTextLength, maxFrameBytes, maxHttpBodyBytes, heartbeatInterval, idleTimeout, loginTimeout, tokenTtl,
        loginAttemptsPerEmail, loginAttemptsPerAddress, loginWindow, messagesPerSecond, maxPageSize, v);
  }

  /** Clamps a client-asked page size to 1..maxPageSize, treating 0 as "the default" (50 or less). */
  public int pageSize(int asked) {
    if (asked <= 0) {
      return Math.min(50, maxPageSize);
    }
    return Math.min(asked, maxPageSize);
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + v);
    }
  }

  private static void positive(String name, Duration v) {
    Objects.requireNonNull(v, name);
    if (v.isNegative() || v.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + v);
    }
  }
}
