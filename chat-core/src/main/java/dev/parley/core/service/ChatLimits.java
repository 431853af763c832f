package dev.parley.core.service;

import dev.parley.core.model.LoginPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The limits of docs/architecture.md section 7, with their defaults. Immutable; change one with a {@code with...}
 * copy, e.g. {@code ChatLimits.defaults().withMaxTextLength(2000)}.
 *
 * @param maxTextLength longest message text, in Unicode code points (an emoji counts once)
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
 * @param friendRequests re-push interval, decline cooldown and pending cap of friend requests
 * @param directory search mode, query length and look-up rate of the user directory
 * @param codeLimits caps on verification-code requests and on wrong codes ({@link CodeLimits#defaults()})
 * @param loginPolicy how many sessions a user may hold and which a new login replaces (default
 *     {@link LoginPolicy#onePerPlatform()}); the same on every node of a deployment
 * @param readReceipts whether the deployment sends {@code ReadReceiptEvent}s to the other party of a
 *     conversation when a user reads it (default false: opt-in; each user can then turn sending off)
 * @param groups member limit, groups per user and the rates of group invites, creates and join
 *     requests ({@link GroupLimits#defaults()})
 * @param recallWindow how long after sending the sender may recall a message (default 2 minutes);
 *     a group's owner and admins may recall any member's message at any time
 * @param editWindow how long after sending the sender may edit a message (default 24 hours)
 */
public record ChatLimits(int maxTextLength, int maxFrameBytes, int maxHttpBodyBytes,
    Duration heartbeatInterval, Duration idleTimeout, Duration loginTimeout, Duration tokenTtl,
    int loginAttemptsPerEmail, int loginAttemptsPerAddress, Duration loginWindow,
    int messagesPerSecond, int maxPageSize, boolean allowStrangers, FriendRequestLimits friendRequests,
    DirectoryLimits directory, CodeLimits codeLimits, LoginPolicy loginPolicy, boolean readReceipts,
    GroupLimits groups, Duration recallWindow, Duration editWindow) {

  /**
   * The most users one user may block ({@link BlockService}); past it a block is NOT_ALLOWED. A
   * constant, not a component, so that adding it changed no constructor.
   */
  public static final int MAX_BLOCKS_PER_USER = 1000;

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
    Objects.requireNonNull(friendRequests, "friendRequests");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(codeLimits, "codeLimits");
    Objects.requireNonNull(loginPolicy, "loginPolicy");
    Objects.requireNonNull(groups, "groups");
    positive("recallWindow", recallWindow);
    positive("editWindow", editWindow);
    if (idleTimeout.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException("idleTimeout " + idleTimeout + " must exceed heartbeatInterval " + heartbeatInterval);
    }
  }

  /** The defaults the README and docs/architecture.md list. */
  public static ChatLimits defaults() {
    return new ChatLimits(4000, 64 * 1024, 16 * 1024, Duration.ofSeconds(15), Duration.ofSeconds(45),
        Duration.ofSeconds(10), dev.parley.core.spi.TokenStore.DEFAULT_TTL, 10, 50, Duration.ofMinutes(1), 50, 200, false,
        FriendRequestLimits.defaults(), DirectoryLimits.defaults(), CodeLimits.defaults(), LoginPolicy.onePerPlatform(),
        false, GroupLimits.defaults(), Duration.ofMinutes(2), Duration.ofHours(24));
  }

  public ChatLimits withMaxTextLength(int v) {
    return copy(c -> c.maxTextLength = v);
  }

  public ChatLimits withMaxFrameBytes(int v) {
    return copy(c -> c.maxFrameBytes = v);
  }

  public ChatLimits withMaxHttpBodyBytes(int v) {
    return copy(c -> c.maxHttpBodyBytes = v);
  }

  public ChatLimits withHeartbeat(Duration interval, Duration idle) {
    return copy(c -> {
      c.heartbeatInterval = interval;
      c.idleTimeout = idle;
    });
  }

  public ChatLimits withLoginTimeout(Duration v) {
    return copy(c -> c.loginTimeout = v);
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
    return copy(c -> c.tokenTtl = v);
  }

  public ChatLimits withLoginAttempts(int perEmail, int perAddress, Duration window) {
    return copy(c -> {
      c.loginAttemptsPerEmail = perEmail;
      c.loginAttemptsPerAddress = perAddress;
      c.loginWindow = window;
    });
  }

  public ChatLimits withMessagesPerSecond(int v) {
    return copy(c -> c.messagesPerSecond = v);
  }

  public ChatLimits withMaxPageSize(int v) {
    return copy(c -> c.maxPageSize = v);
  }

  public ChatLimits withAllowStrangers(boolean v) {
    return copy(c -> c.allowStrangers = v);
  }

  public ChatLimits withFriendRequests(FriendRequestLimits v) {
    return copy(c -> c.friendRequests = v);
  }

  public ChatLimits withDirectory(DirectoryLimits v) {
    return copy(c -> c.directory = v);
  }

  public ChatLimits withCodeLimits(CodeLimits v) {
    return copy(c -> c.codeLimits = v);
  }

  public ChatLimits withLoginPolicy(LoginPolicy v) {
    return copy(c -> c.loginPolicy = v);
  }

  public ChatLimits withReadReceipts(boolean v) {
    return copy(c -> c.readReceipts = v);
  }

  public ChatLimits withGroups(GroupLimits v) {
    return copy(c -> c.groups = v);
  }

  public ChatLimits withRecallWindow(Duration v) {
    return copy(c -> c.recallWindow = v);
  }

  public ChatLimits withEditWindow(Duration v) {
    return copy(c -> c.editWindow = v);
  }

  /** Clamps a client-asked page size to 1..maxPageSize, treating 0 as "the default" (50 or less). */
  public int pageSize(int asked) {
    if (asked <= 0) {
      return Math.min(50, maxPageSize);
    }
    return Math.min(asked, maxPageSize);
  }

  // One place that lists every component, so a new limit touches it and its own with-method only.
  private ChatLimits copy(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  private static final class Copy {
    int maxTextLength;
    int maxFrameBytes;
    int maxHttpBodyBytes;
    Duration heartbeatInterval;
    Duration idleTimeout;
    Duration loginTimeout;
    Duration tokenTtl;
    int loginAttemptsPerEmail;
    int loginAttemptsPerAddress;
    Duration loginWindow;
    int messagesPerSecond;
    int maxPageSize;
    boolean allowStrangers;
    FriendRequestLimits friendRequests;
    DirectoryLimits directory;
    CodeLimits codeLimits;
    LoginPolicy loginPolicy;
    boolean readReceipts;
    GroupLimits groups;
    Duration recallWindow;
    Duration editWindow;

    Copy(ChatLimits from) {
      maxTextLength = from.maxTextLength;
      maxFrameBytes = from.maxFrameBytes;
      maxHttpBodyBytes = from.maxHttpBodyBytes;
      heartbeatInterval = from.heartbeatInterval;
      idleTimeout = from.idleTimeout;
      loginTimeout = from.loginTimeout;
      tokenTtl = from.tokenTtl;
      loginAttemptsPerEmail = from.loginAttemptsPerEmail;
      loginAttemptsPerAddress = from.loginAttemptsPerAddress;
      loginWindow = from.loginWindow;
      messagesPerSecond = from.messagesPerSecond;
      maxPageSize = from.maxPageSize;
      allowStrangers = from.allowStrangers;
      friendRequests = from.friendRequests;
      directory = from.directory;
      codeLimits = from.codeLimits;
      loginPolicy = from.loginPolicy;
      readReceipts = from.readReceipts;
      groups = from.groups;
      recallWindow = from.recallWindow;
      editWindow = from.editWindow;
    }

    ChatLimits build() {
      return new ChatLimits(maxTextLength, maxFrameBytes, maxHttpBodyBytes, heartbeatInterval, idleTimeout, loginTimeout, tokenTtl, loginAttemptsPerEmail, loginAttemptsPerAddress, loginWindow, messagesPerSecond, maxPageSize, allowStrangers, friendRequests, directory, codeLimits, loginPolicy, readReceipts, groups, recallWindow, editWindow);
    }
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
