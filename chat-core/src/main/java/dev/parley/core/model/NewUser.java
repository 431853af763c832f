package dev.parley.core.model;

import java.util.Objects;

/** What {@link dev.parley.core.spi.UserStore#create} needs to create an account. Immutable. */
public record NewUser(String email, String name, String passwordHash) {
  public NewUser {
    email = Validation.email(email);
    name = Validation.name(name);
    Objects.requireNonNull(passwordHash, "passwordHash");
  }
}
