package dev.parley.core.model;

import java.util.List;

/**
 * What a presence bind did.
 *
 * @param wasOnline the user had a live session (other than the bound one) just before: when false,
 *     the user has just come online
 * @param evicted the sessions the login policy removed for this one, to be kicked with their reason
 */
public record BindResult(boolean wasOnline, List<Eviction> evicted) {
  public BindResult {
    evicted = List.copyOf(evicted);
  }
}
