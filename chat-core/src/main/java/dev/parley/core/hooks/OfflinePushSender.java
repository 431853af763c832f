package dev.parley.core.hooks;

/**
 * Tells a phone (APNs, FCM, a host's own service) about a message for a user who is offline.
 * Called from a bounded queue, off the request path: a slow sender delays other pushes, never a
 * send. Parley ships {@code WebhookPushSender} (POSTs signed JSON to a URL); the default sends nothing.
 */
@FunctionalInterface
public interface OfflinePushSender {
  void send(OfflinePush push) throws Exception;

  /** Sends nothing. */
  OfflinePushSender NONE = push -> {};
}
