package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.BlockedUser;
import dev.parley.core.model.User;
import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Blocking (issue 15): block, unblock and list. Every method acts as {@code userId}, the
 * authenticated user. A block is one-directional and refuses the blocked user's 1:1 messages,
 * friend requests and group invites to the blocker ({@link MessageService}, {@link FriendService},
 * {@link GroupService} check it) and hides the blocker's presence from them (the chat node filters
 * it). A block keeps an existing friendship, and messages in groups both are in still reach both.
 *
 * <p>Blocking an id that is no account answers exactly like blocking an account (and is stored), so
 * the call tells nobody whether an account exists; such a block never shows in {@link #blocked}.
 * Block and unblock together are limited to {@link #CHANGES_PER_WINDOW} per {@link #WINDOW} per user
 * through the shared {@link RateLimiter} (across all the user's sockets and nodes), and a user
 * blocks at most {@link ChatLimits#MAX_BLOCKS_PER_USER} users. Thread-safe; methods block on the SPIs.
 */
public final class BlockService {
  /** Block and unblock calls a user may make per {@link #WINDOW}. */
  public static final int CHANGES_PER_WINDOW = 30;
  /** The window of {@link #CHANGES_PER_WINDOW}. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  private final UserStore users;
  private final BlockStore blocks;
  private final RateLimiter rateLimiter;
  private final Clock clock;

  /** {@code rateLimiter} counts block changes per user (share it between nodes). */
  public BlockService(UserStore users, BlockStore blocks, RateLimiter rateLimiter, Clock clock) {
    this.users = Objects.requireNonNull(users, "users");
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * {@code userId} blocks {@code targetId}; true when it is a new block. BAD_REQUEST for oneself or
   * an id that is not positive; RATE_LIMITED past {@link #CHANGES_PER_WINDOW}; NOT_ALLOWED past
   * {@link ChatLimits#MAX_BLOCKS_PER_USER} blocks. Blocking again changes nothing.
   */
  public boolean block(long userId, long targetId) {
    checkTarget(userId, targetId, "block");
    spend(userId);
    if (blocks.isBlocked(userId, targetId)) {
      return false;
    }
    int count = blocks.blockedCount(userId);
    if (count >= ChatLimits.MAX_BLOCKS_PER_USER) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "user " + userId + " blocks " + count
          + " users, the most one user may block (" + ChatLimits.MAX_BLOCKS_PER_USER + "); unblock someone first");
    }
    return blocks.block(userId, targetId, clock.instant());
  }

  /** {@code userId} unblocks {@code targetId}; true when there was a block. Same checks as {@link #block}. */
  public boolean unblock(long userId, long targetId) {
    checkTarget(userId, targetId, "unblock");
    spend(userId);
    return blocks.unblock(userId, targetId);
  }

  /** Whether {@code blockerId} blocks {@code blockedId}. */
  public boolean isBlocked(long blockerId, long blockedId) {
    return blocks.isBlocked(blockerId, blockedId);
  }

  /** The accounts {@code userId} blocks, most recently blocked first (at most {@link ChatLimits#MAX_BLOCKS_PER_USER}). */
  public List<BlockedUser> blocked(long userId) {
    List<BlockStore.Block> listed = blocks.blocked(userId, ChatLimits.MAX_BLOCKS_PER_USER);
    if (listed.isEmpty()) {
      return List.of();
    }
    Map<Long, User> found = users.findAllById(listed.stream().map(BlockStore.Block::blockedId).toList());
    List<BlockedUser> out = new ArrayList<>(listed.size());
    for (BlockStore.Block b : listed) {
      User u = found.get(b.blockedId());
      if (u != null) {
        out.add(new BlockedUser(u.profile(), b.blockedAt()));
      }
    }
    return out;
  }

  private static void checkTarget(long userId, long targetId, String what) {
    if (targetId <= 0) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "user_id must be positive to " + what + ", was " + targetId);
    }
    if (targetId == userId) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "user " + userId + " cannot " + what + " itself");
    }
  }

  private void spend(long userId) {
    Optional<Duration> wait = rateLimiter.tryAcquire("block:" + userId, CHANGES_PER_WINDOW, WINDOW);
    if (wait.isPresent()) {
      throw ChatException.rateLimited("user " + userId + " reached " + CHANGES_PER_WINDOW + " block changes per "
          + WINDOW + "; retry in " + wait.get().toSeconds() + " s", wait.get());
    }
  }
}
