package dev.parley.server.internal.node;

import dev.parley.core.service.ChatLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * The per-connection limits the pipeline enforces. Immutable.
 *
 * @param limits frame size, idle and login timeouts, requests per second
 * @param slowConsumerTimeout how long a connection may stay unwritable before it is dropped
 * @param maxPendingWriteBytes unsent output above which a push drops the connection at once
 * @param maxPendingRequests requests one session may have queued for the blocking-work threads
 */
public record PipelineSettings(ChatLimits limits, Duration slowConsumerTimeout, long maxPendingWriteBytes,
    int maxPendingRequests) {
  public PipelineSettings {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(slowConsumerTimeout, "slowConsumerTimeout");
  }
}
