package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One side of a friendship: {@code userId}'s view of {@code friendId}, with {@code userId}'s own
 * remark (alias). A friendship is always stored as two sides. Immutable.
 */
public record Friendship(long userId, long friendId, String remark, Instant since) {
  /** Longest remark accepted. */
  public static final int MAX_REMARK = 64;

  public Friendship {
    Validation.id("userId", userId);
    Validation.id("friendId", friendId);
    remark = Validation.optionalText("remark", remark, MAX_REMARK);
    Objects.requireNonNull(since, "since");
  }
}
