package dev.parley.server.internal.node;

import dev.parley.core.hooks.Authenticator;
import java.util.Objects;

/**
 * A chat node's {@code Login} with a host credential: the authenticator that checks it and whether
 * host users seen for the first time get an account. Null in {@link ChatNodeConfig}: off. Immutable.
 */
public record CredentialLoginSettings(Authenticator authenticator, boolean provisionUsers) {
  public CredentialLoginSettings {
    Objects.requireNonNull(authenticator, "authenticator");
  }
}
