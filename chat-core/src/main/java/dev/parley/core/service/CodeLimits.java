package dev.parley.core.service;

import java.time.Duration;

/**
 * The caps that keep verification codes from being a weapon: how many code requests (each may send
 * a mail) one client address and the whole deployment may make, and how many wrong codes one email
 * may present per day. Immutable; part of {@link ChatLimits}.
 *
 * @param requestsPerAddress code requests allowed per client address per {@code addressWindow}
 * @param addressWindow the sliding window of the per-address cap
 * @param requestsPerMinute code requests allowed per minute across all addresses (the mail budget)
 * @param failedChecksPerDay wrong codes allowed per email per 24 h, across codes and purposes: a new
 *     code does not refill it, so a reset code cannot be brute-forced over weeks
 */
public record CodeLimits(int requestsPerAddress, Duration addressWindow, int requestsPerMinute,
    int failedChecksPerDay) {
  /** The window of {@link #requestsPerMinute}. */
  public static final Duration GLOBAL_WINDOW = Duration.ofMinutes(1);
  /** The window of {@link #failedChecksPerDay}. */
  public static final Duration FAILED_CHECKS_WINDOW = Duration.ofDays(1);

  public CodeLimits {
    if (requestsPerAddress <= 0 || requestsPerMinute <= 0 || failedChecksPerDay <= 0) {
      throw new IllegalArgumentException("code limits must be positive, were requestsPerAddress=" + requestsPerAddress
          + ", requestsPerMinute=" + requestsPerMinute + ", failedChecksPerDay=" + failedChecksPerDay);
    }
    if (addressWindow == null || addressWindow.isNegative() || addressWindow.isZero()) {
      throw new IllegalArgumentException("addressWindow must be positive, was " + addressWindow);
    }
  }

  /** 5 requests per address per 10 minutes, 600 per minute in all, 20 wrong codes per email per day. */
  public static CodeLimits defaults() {
    return new CodeLimits(5, Duration.ofMinutes(10), 600, 20);
  }
}
