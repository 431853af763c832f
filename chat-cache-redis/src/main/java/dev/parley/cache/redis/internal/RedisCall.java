package dev.parley.cache.redis.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import java.util.function.Supplier;
import org.redisson.client.RedisException;

/**
 * Runs one Redis round trip and turns every Redisson failure (connection refused, timeout, cluster
 * down, client shut down, ...) into {@link ErrorCode#UNAVAILABLE}, so callers of the SPIs see the
 * one Parley error model and never a Redisson type. Stateless and thread-safe.
 */
public final class RedisCall {
  private RedisCall() {}

  /** Returns {@code body}'s result, or throws {@code UNAVAILABLE} naming {@code operation}. */
  public static <T> T run(String operation, Supplier<T> body) {
    try {
      return body.get();
    } catch (RedisException e) {
      throw unavailable(operation, e);
    }
  }

  /** Runs {@code body}, or throws {@code UNAVAILABLE} naming {@code operation}. */
  public static void run(String operation, Runnable body) {
    run(operation, () -> {
      body.run();
      return null;
    });
  }

  /** The error reported when Redis cannot serve {@code operation}. */
  public static ChatException unavailable(String operation, RuntimeException cause) {
    return new ChatException(ErrorCode.UNAVAILABLE,
        "Redis is unavailable (" + operation + "): " + cause.getClass().getSimpleName() + ": " + cause.getMessage(),
        cause);
  }
}
