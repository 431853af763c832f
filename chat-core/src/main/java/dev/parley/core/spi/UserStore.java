package dev.parley.core.spi;

import dev.parley.core.model.NewUser;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.model.SettingsUpdate;
import dev.parley.core.model.User;
import dev.parley.core.model.UserSettings;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts. Emails are stored lower-case; names are unique ignoring case; a non-empty email and a
 * non-empty external id (a host application's user id, compared exactly) each belong to at most
 * one account. Accounts of a host's users may have no email (""): {@link #findByEmail} never finds
 * them by "". Implementations are thread-safe and may block (callers run them off event loops).
 */
public interface UserStore {
  /**
   * Creates an account with the next id.
   *
   * @throws dev.parley.core.ChatException {@code EXTERNAL_ID_TAKEN}, {@code EMAIL_TAKEN} or
   *     {@code NAME_TAKEN}, also when a concurrent create wins the race (the uniqueness checks and
   *     the insert are one atomic step; when several clash, any one of the codes may answer)
   */
  User create(NewUser user);

  Optional<User> findById(long userId);

  /** Looks up by email, ignoring case; empty for a null or blank email. */
  Optional<User> findByEmail(String email);

  /** Looks up by the host application's user id, compared exactly; empty for a null or empty id. */
  Optional<User> findByExternalId(String externalId);

  /**
   * Marks the account disabled (or enabled again); false when the user does not exist. A disabled
   * account keeps its data but cannot log in (the services check {@link User#disabled()}).
   */
  boolean setDisabled(long userId, boolean disabled);

  /** Looks up by name, ignoring case. */
  Optional<User> findByName(String name);

  /** The users among {@code userIds} that exist, keyed by id. */
  Map<Long, User> findAllById(Collection<Long> userIds);

  /**
   * Users whose name or nickname starts with {@code query}, ignoring case, ordered by name,
   * at most {@code limit}.
   */
  List<User> search(String query, int limit);

  /** Replaces the password hash; false when the user does not exist. */
  boolean updatePasswordHash(long userId, String passwordHash);

  /** Applies the present fields of {@code update}; empty when the user does not exist. */
  Optional<User> updateProfile(long userId, ProfileUpdate update);

  /**
   * {@code userId}'s settings ({@link UserSettings#DEFAULTS} for a user who never changed any);
   * empty when the user does not exist.
   */
  Optional<UserSettings> settings(long userId);

  /**
   * Applies the present fields of {@code update} to {@code userId}'s settings and returns the
   * result; empty when the user does not exist. Concurrent updates of different fields both apply.
   */
  Optional<UserSettings> updateSettings(long userId, SettingsUpdate update);
}
