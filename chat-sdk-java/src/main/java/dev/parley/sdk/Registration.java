package dev.parley.sdk;

import java.util.Objects;

/**
 * A newly registered account. Immutable.
 *
 * @param userId the new user's id
 * @param name the new user's unique name
 */
public record Registration(long userId, String name) {
  public Registration {
    Objects.requireNonNull(name, "name");
  }
}
