package dev.parley.core.model;

import java.util.Objects;
import java.util.Optional;

/** A partial change of {@link UserSettings}: empty fields are left as they are. Immutable. */
public record SettingsUpdate(Optional<Boolean> sendReadReceipts) {
  public SettingsUpdate {
    Objects.requireNonNull(sendReadReceipts, "sendReadReceipts");
  }

  /** True when the update changes nothing. */
  public boolean isEmpty() {
    return sendReadReceipts.isEmpty();
  }
}
