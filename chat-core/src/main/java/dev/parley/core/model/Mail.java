package dev.parley.core.model;

import java.util.Objects;

/** One plain-text mail. Immutable. */
public record Mail(String to, String subject, String body) {
  public Mail {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
  }
}
