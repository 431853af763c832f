package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.model.SettingsUpdate;
import dev.parley.core.model.User;
import dev.parley.core.model.UserSettings;
import dev.parley.core.spi.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * {@link UserStore} on the {@code users} table. Uniqueness of external id, email and name is
 * enforced by unique keys, so a concurrent create that loses the race gets
 * {@code EXTERNAL_ID_TAKEN} / {@code EMAIL_TAKEN} / {@code NAME_TAKEN} from the database itself.
 * An absent email or external id is stored as NULL. Thread-safe.
 */
public final class MysqlUserStore implements UserStore {
  /** Ids per {@code IN (...)} list, so one look-up never builds an unbounded statement. */
  private static final int ID_BATCH = 500;
  private static final String SELECT = "SELECT " + UserRows.COLUMNS + " FROM users ";

  private final Transactions tx;
  private final Clock clock;

  public MysqlUserStore(Transactions tx, Clock clock) {
    this.tx = Objects.requireNonNull(tx, "tx");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public User create(NewUser user) {
    Objects.requireNonNull(user, "user");
    Instant now = SqlTime.now(clock);
    try {
      long id = tx.inTransaction("create user", h -> h.createUpdate(
              "INSERT INTO users (email, name, name_key, password_hash, nickname, nickname_key, external_id, "
                  + "created_at) VALUES (:email, :name, :nameKey, :hash, :nickname, :nicknameKey, :externalId, "
                  + ":createdAt)")
          .bind("email", UserRows.nullIfEmpty(user.email())).bind("name", user.name())
          .bind("nameKey", UserRows.key(user.name())).bind("hash", user.passwordHash())
          .bind("nickname", user.nickname()).bind("nicknameKey", UserRows.key(user.nickname()))
          .bind("externalId", UserRows.nullIfEmpty(user.externalId())).bind("createdAt", SqlTime.toDb(now))
          .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
      return new User(id, user.email(), user.name(), user.passwordHash(), user.nickname(), "", "", now,
          user.externalId(), false);
    } catch (ChatException e) {
      throw takenOr(e, user);
    }
  }

  private static ChatException takenOr(ChatException e, NewUser user) {
    if (SqlErrors.isDuplicateKey(e, "uk_users_external_id")) {
      return new ChatException(ErrorCode.EXTERNAL_ID_TAKEN,
          "an account for host user id " + user.externalId() + " exists");
    }
    if (SqlErrors.isDuplicateKey(e, "uk_users_email")) {
      return new ChatException(ErrorCode.EMAIL_TAKEN, "email " + user.email() + " is already registered");
    }
    if (SqlErrors.isDuplicateKey(e, "uk_users_name_key")) {
      return new ChatException(ErrorCode.NAME_TAKEN, "name " + user.name() + " is already taken");
    }
    return e;
  }

  @Override
  public Optional<User> findById(long userId) {
    return findOne("find user by id", "id = :v", userId);
  }

  @Override
  public Optional<User> findByEmail(String email) {
    if (email == null || email.isBlank()) {
      return Optional.empty();
    }
    return findOne("find user by email", "email = :v", UserRows.key(email.trim()));
  }

  @Override
  public Optional<User> findByExternalId(String externalId) {
    if (externalId == null || externalId.isEmpty()) {
      return Optional.empty();
    }
    return findOne("find user by external id", "external_id = :v", externalId);
  }

  @Override
  public boolean setDisabled(long userId, boolean disabled) {
    return tx.inTransaction("set disabled", h -> h.createUpdate(
            "UPDATE users SET disabled = :d WHERE id = :id").bind("d", disabled ? 1 : 0).bind("id", userId)
        .execute() > 0 || h.createQuery("SELECT 1 FROM users WHERE id = :id").bind("id", userId)
        .mapTo(Integer.class).findOne().isPresent());
  }

  @Override
  public Optional<User> findByName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return findOne("find user by name", "name_key = :v", UserRows.key(name.trim()));
  }

  private Optional<User> findOne(String what, String condition, Object value) {
    return tx.withHandle(what, h -> h.createQuery(SELECT + "WHERE " + condition)
        .bind("v", value).map(UserRows.MAPPER).findOne());
  }

  @Override
  public Map<Long, User> findAllById(Collection<Long> userIds) {
    List<Long> ids = userIds.stream().filter(Objects::nonNull).distinct().toList();
    Map<Long, User> found = new LinkedHashMap<>();
    for (int from = 0; from < ids.size(); from += ID_BATCH) {
      List<Long> batch = ids.subList(from, Math.min(ids.size(), from + ID_BATCH));
      tx.withHandle("find users by id", h -> h.createQuery(SELECT + "WHERE id IN (<ids>)")
              .bindList("ids", batch).map(UserRows.MAPPER).list())
          .forEach(u -> found.put(u.id(), u));
    }
    return found;
  }

  @Override
  public List<User> search(String query, int limit) {
    if (query == null || limit <= 0) {
      return List.of();
    }
    String pattern = LikePatterns.prefix(UserRows.key(query.trim()));
    // Two index range scans (name_key, nickname_key) instead of one OR that defeats the indexes.
    String sql = "SELECT u.* FROM users u JOIN ("
        + "(SELECT id FROM users WHERE name_key LIKE :p ESCAPE '!' ORDER BY name_key LIMIT :n) UNION "
        + "(SELECT id FROM users WHERE nickname_key LIKE :p ESCAPE '!' ORDER BY name_key LIMIT :n)"
        + ") AS m ON m.id = u.id ORDER BY u.name_key, u.id LIMIT :n";
    return tx.withHandle("search users", h -> h.createQuery(sql)
        .bind("p", pattern).bind("n", limit).map(UserRows.MAPPER).list());
  }

  @Override
  public boolean updatePasswordHash(long userId, String passwordHash) {
    Objects.requireNonNull(passwordHash, "passwordHash");
    return tx.inTransaction("update password hash", h -> lockUser(h, userId).map(u -> {
      h.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id")
          .bind("hash", passwordHash).bind("id", userId).execute();
      return true;
    }).orElse(false));
  }

  @Override
  public Optional<User> updateProfile(long userId, ProfileUpdate update) {
    Objects.requireNonNull(update, "update");
    return tx.inTransaction("update profile", h -> lockUser(h, userId).map(current -> {
      User next = current.withProfile(update);
      h.createUpdate("UPDATE users SET nickname = :nickname, nickname_key = :nicknameKey, "
              + "avatar_url = :avatarUrl, bio = :bio WHERE id = :id")
          .bind("nickname", next.nickname()).bind("nicknameKey", UserRows.key(next.nickname()))
          .bind("avatarUrl", next.avatarUrl()).bind("bio", next.bio()).bind("id", userId).execute();
      return next;
    }));
  }

  @Override
  public Optional<UserSettings> settings(long userId) {
    return tx.withHandle("read settings", h -> h.createQuery("SELECT send_read_receipts FROM users WHERE id = :id")
        .bind("id", userId).map((rs, ctx) -> new UserSettings(rs.getBoolean(1))).findOne());
  }

  // Each present field is one assignment of its own, so concurrent updates of different fields
  // both apply; the settings are read back in the same transaction, under the update's row lock.
  @Override
  public Optional<UserSettings> updateSettings(long userId, SettingsUpdate update) {
    Objects.requireNonNull(update, "update");
    return tx.inTransaction("update settings", h -> {
      if (update.sendReadReceipts().isPresent()) {
        h.createUpdate("UPDATE users SET send_read_receipts = :v WHERE id = :id")
            .bind("v", update.sendReadReceipts().get() ? 1 : 0).bind("id", userId).execute();
      }
      return h.createQuery("SELECT send_read_receipts FROM users WHERE id = :id")
          .bind("id", userId).map((rs, ctx) -> new UserSettings(rs.getBoolean(1))).findOne();
    });
  }

  // Reading under the row lock makes read-modify-write safe against concurrent updates.
  private static Optional<User> lockUser(Handle h, long userId) {
    return h.createQuery(SELECT + "WHERE id = :id FOR UPDATE").bind("id", userId).map(UserRows.MAPPER).findOne();
  }
}
