package dev.parley.core.model;

import java.util.Objects;

/** A session a login policy removed from presence for a newer one, and why. Immutable. */
public record Eviction(PresenceBinding binding, KickReason reason) {
  public Eviction {
    Objects.requireNonNull(binding, "binding");
    Objects.requireNonNull(reason, "reason");
  }
}
