package dev.parley.server.testing;

import dev.parley.core.spi.FriendStore;
import dev.parley.server.internal.cache.ForwardingFriendStore;

/**
 * A friend store that passes every call to another and is not {@code NonBlocking}: a node treats
 * it as it would a database, so it offloads requests and puts its cache in front of it. Tests
 * extend it to count or pause calls. Thread-safe as its delegate is.
 */
public class DelegatingFriendStore extends ForwardingFriendStore {
  public DelegatingFriendStore(FriendStore store) {
    super(store);
  }
}
