package dev.parley.server.internal.node;

import dev.parley.core.hooks.OfflinePush.PreviewMode;
import dev.parley.core.hooks.OfflinePushSender;
import java.util.Objects;

/**
 * A chat node's offline push, as its builder froze it: the host's sender ({@link
 * OfflinePushSender#NONE}: off, nothing is tracked or queued), how much a push may show, the
 * preview's length in code points, and the bounded queue (and its threads) that resolves names and
 * unread counts and calls the sender off the request path. Immutable.
 */
public record OfflinePushSettings(OfflinePushSender sender, PreviewMode previewMode, int previewLength,
    int queueCapacity, int threads) {
  /** The preview mode unless told otherwise: the sender's name, no text (a lock screen is not private). */
  public static final PreviewMode DEFAULT_PREVIEW_MODE = PreviewMode.SENDER;
  /** Code points of text a TEXT preview keeps unless told otherwise. */
  public static final int DEFAULT_PREVIEW_LENGTH = 100;
  /** Pushes waiting for the dispatcher unless told otherwise. */
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
  /** Dispatcher threads unless told otherwise. */
  public static final int DEFAULT_THREADS = 2;

  public OfflinePushSettings {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(previewMode, "previewMode");
    if (previewLength < 1 || queueCapacity < 1 || threads < 1) {
      throw new IllegalArgumentException("previewLength=" + previewLength + ", queueCapacity=" + queueCapacity
          + ", threads=" + threads + ": each must be at least 1");
    }
  }

  /** No offline push. */
  public static OfflinePushSettings none() {
    return new OfflinePushSettings(OfflinePushSender.NONE, DEFAULT_PREVIEW_MODE, DEFAULT_PREVIEW_LENGTH,
        DEFAULT_QUEUE_CAPACITY, DEFAULT_THREADS);
  }

  /** Whether a sender is set: only then does the node track who was reached. */
  public boolean enabled() {
    return sender != OfflinePushSender.NONE;
  }
}
