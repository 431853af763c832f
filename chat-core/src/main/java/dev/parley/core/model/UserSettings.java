package dev.parley.core.model;

/**
 * A user's own settings. {@code sendReadReceipts}: the other party of a conversation is told when
 * this user has read it (only where the deployment enables read receipts,
 * {@code ChatLimits.readReceipts}); on by default. Immutable.
 */
public record UserSettings(boolean sendReadReceipts) {
  /** The settings of a user who never changed any. */
  public static final UserSettings DEFAULTS = new UserSettings(true);

  /** These settings with the present fields of {@code update} applied. */
  public UserSettings with(SettingsUpdate update) {
    return new UserSettings(update.sendReadReceipts().orElse(sendReadReceipts));
  }
}
