package dev.parley.server.internal.node;

import dev.parley.core.hooks.ChatEventListener;
import dev.parley.core.hooks.MessageInterceptor;
import dev.parley.core.service.MessagePolicy;
import java.util.Objects;

/**
 * A chat node's host hooks: the {@link MessageInterceptor} with how it is run, and the
 * {@link ChatEventListener} with the capacity of its queue. Immutable.
 */
public record HookSettings(MessageInterceptor interceptor, MessagePolicy.Settings interceptorSettings,
    ChatEventListener eventListener, int eventQueueCapacity) {
  /** The queue bound of the host event listener unless told otherwise. */
  public static final int DEFAULT_EVENT_QUEUE_CAPACITY = 10_000;

  public HookSettings {
    Objects.requireNonNull(interceptor, "interceptor");
    Objects.requireNonNull(interceptorSettings, "interceptorSettings");
    Objects.requireNonNull(eventListener, "eventListener");
    if (eventQueueCapacity < 1) {
      throw new IllegalArgumentException("eventQueueCapacity must be at least 1, was " + eventQueueCapacity);
    }
  }

  /** No interceptor, no listener. */
  public static HookSettings none() {
    return new HookSettings(MessageInterceptor.NONE, MessagePolicy.Settings.defaults(), ChatEventListener.NONE,
        DEFAULT_EVENT_QUEUE_CAPACITY);
  }
}
