package dev.parley.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * What keeps the user directory from being dumped (part of {@link ChatLimits}). Immutable.
 *
 * @param searchMode what a search matches: {@link SearchMode#EXACT_NAME} (the default) finds only
 *     the user whose whole name was typed; {@link SearchMode#PREFIX} also matches name and nickname
 *     prefixes
 * @param minQueryLength shortest search query, in code points after trimming; shorter is BAD_REQUEST
 * @param lookupsPerWindow directory look-ups (searches, and profiles of users who are neither the
 *     caller nor a friend) one user may make in any {@code lookupWindow}; more are RATE_LIMITED
 * @param lookupWindow the sliding window of {@code lookupsPerWindow}
 */
public record DirectoryLimits(SearchMode searchMode, int minQueryLength, int lookupsPerWindow, Duration lookupWindow) {
  /** What a user search matches. */
  public enum SearchMode {
    /** Only the user whose name equals the query, ignoring case: nobody can be found by guessing a prefix. */
    EXACT_NAME,
    /** Users whose name or nickname starts with the query, ignoring case. */
    PREFIX
  }

  /** Default of {@link #minQueryLength}. */
  public static final int DEFAULT_MIN_QUERY_LENGTH = 3;
  /** Default of {@link #lookupsPerWindow}. */
  public static final int DEFAULT_LOOKUPS_PER_WINDOW = 30;
  /** Default of {@link #lookupWindow}. */
  public static final Duration DEFAULT_LOOKUP_WINDOW = Duration.ofMinutes(1);

  public DirectoryLimits {
    Objects.requireNonNull(searchMode, "searchMode");
    positive("minQueryLength", minQueryLength);
    positive("lookupsPerWindow", lookupsPerWindow);
    Objects.requireNonNull(lookupWindow, "lookupWindow");
    if (lookupWindow.toMillis() <= 0) {
      throw new IllegalArgumentException("lookupWindow must be at least 1 ms, was " + lookupWindow);
    }
  }

  /** The defaults: exact names only, queries of 3 or more, 30 look-ups a minute. */
  public static DirectoryLimits defaults() {
    return new DirectoryLimits(SearchMode.EXACT_NAME, DEFAULT_MIN_QUERY_LENGTH, DEFAULT_LOOKUPS_PER_WINDOW,
        DEFAULT_LOOKUP_WINDOW);
  }

  /** A copy with {@code mode}. */
  public DirectoryLimits withSearchMode(SearchMode mode) {
    return new DirectoryLimits(mode, minQueryLength, lookupsPerWindow, lookupWindow);
  }

  /** A copy allowing {@code lookups} per {@code window}. */
  public DirectoryLimits withLookups(int lookups, Duration window) {
    return new DirectoryLimits(searchMode, minQueryLength, lookups, window);
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + v);
    }
  }
}
