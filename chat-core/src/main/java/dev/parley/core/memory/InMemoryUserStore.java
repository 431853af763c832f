package dev.parley.core.memory;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.model.SettingsUpdate;
import dev.parley.core.model.User;
import dev.parley.core.model.UserSettings;
import dev.parley.core.spi.NonBlocking;
import dev.parley.core.spi.UserStore;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link UserStore} in concurrent maps. Thread-safe: look-ups are lock-free; {@link #create} is
 * serialised on this store so the external id, email and name checks and the insert are one atomic step
 * (accounts are created rarely, so the lock costs nothing that matters). Search scans all users.
 */
public final class InMemoryUserStore implements UserStore, NonBlocking {
  private final Map<Long, User> byId = new ConcurrentHashMap<>();
  private final Map<String, Long> idByEmail = new ConcurrentHashMap<>();
  private final Map<String, Long> idByNameKey = new ConcurrentHashMap<>();
  private final Map<String, Long> idByExternalId = new ConcurrentHashMap<>();
  /** Only users who changed a setting; the rest have {@link UserSettings#DEFAULTS}. */
  private final Map<Long, UserSettings> settingsById = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong();
  private final Clock clock;

  /** A store that stamps accounts with the system UTC clock. */
  public InMemoryUserStore() {
    this(Clock.systemUTC());
  }

  /** A store that stamps accounts' creation time with {@code clock}. */
  public InMemoryUserStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public User create(NewUser newUser) {
    Objects.requireNonNull(newUser, "newUser");
    String nameKey = nameKey(newUser.name());
    synchronized (this) {
      if (!newUser.externalId().isEmpty() && idByExternalId.containsKey(newUser.externalId())) {
        throw new ChatException(ErrorCode.EXTERNAL_ID_TAKEN, "an account for host user id " + newUser.externalId()
            + " exists");
      }
      if (!newUser.email().isEmpty() && idByEmail.containsKey(newUser.email())) {
        throw new ChatException(ErrorCode.EMAIL_TAKEN, "email " + newUser.email() + " is already registered");
      }
      if (idByNameKey.containsKey(nameKey)) {
        throw new ChatException(ErrorCode.NAME_TAKEN, "name " + newUser.name() + " is already taken");
      }
      User user = new User(nextId.incrementAndGet(), newUser.email(), newUser.name(), newUser.passwordHash(),
          newUser.nickname(), "", "", clock.instant(), newUser.externalId(), false);
      // the user goes in first so that an index hit always finds it
      byId.put(user.id(), user);
      if (!user.email().isEmpty()) {
        idByEmail.put(user.email(), user.id());
      }
      if (user.isExternal()) {
        idByExternalId.put(user.externalId(), user.id());
      }
      idByNameKey.put(nameKey, user.id());
      return user;
    }
  }

  @Override
  public Optional<User> findById(long userId) {
    return Optional.ofNullable(byId.get(userId));
  }

  @Override
  public Optional<User> findByEmail(String email) {
    if (email == null || email.isBlank()) {
      return Optional.empty();
    }
    Long id = idByEmail.get(email.trim().toLowerCase(Locale.ROOT));
    return id == null ? Optional.empty() : findById(id);
  }

  @Override
  public Optional<User> findByExternalId(String externalId) {
    if (externalId == null || externalId.isEmpty()) {
      return Optional.empty();
    }
    Long id = idByExternalId.get(externalId);
    return id == null ? Optional.empty() : findById(id);
  }

  @Override
  public boolean setDisabled(long userId, boolean disabled) {
    return byId.computeIfPresent(userId, (id, u) -> u.withDisabled(disabled)) != null;
  }

  @Override
  public Optional<User> findByName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    Long id = idByNameKey.get(nameKey(name.trim()));
    return id == null ? Optional.empty() : findById(id);
  }

  @Override
  public Map<Long, User> findAllById(Collection<Long> userIds) {
    Map<Long, User> found = new HashMap<>();
    for (Long id : userIds) {
      User u = id == null ? null : byId.get(id);
      if (u != null) {
        found.put(id, u);
      }
    }
    return found;
  }

  @Override
  public List<User> search(String query, int limit) {
    if (query == null || limit <= 0) {
      return List.of();
    }
    String prefix = query.trim().toLowerCase(Locale.ROOT);
    return byId.values().stream()
        .filter(u -> startsWithIgnoreCase(u.name(), prefix) || startsWithIgnoreCase(u.nickname(), prefix))
        .sorted(Comparator.comparing((User u) -> nameKey(u.name())).thenComparingLong(User::id))
        .limit(limit)
        .toList();
  }

  @Override
  public boolean updatePasswordHash(long userId, String passwordHash) {
    Objects.requireNonNull(passwordHash, "passwordHash");
    return byId.computeIfPresent(userId, (id, u) -> u.withPasswordHash(passwordHash)) != null;
  }

  @Override
  public Optional<User> updateProfile(long userId, ProfileUpdate update) {
    Objects.requireNonNull(update, "update");
    return Optional.ofNullable(byId.computeIfPresent(userId, (id, u) -> u.withProfile(update)));
  }

  @Override
  public Optional<UserSettings> settings(long userId) {
    if (!byId.containsKey(userId)) {
      return Optional.empty();
    }
    return Optional.of(settingsById.getOrDefault(userId, UserSettings.DEFAULTS));
  }

  @Override
  public Optional<UserSettings> updateSettings(long userId, SettingsUpdate update) {
    Objects.requireNonNull(update, "update");
    if (!byId.containsKey(userId)) { // accounts are never deleted, so the check cannot go stale
      return Optional.empty();
    }
    return Optional.of(settingsById.compute(userId,
        (id, current) -> (current == null ? UserSettings.DEFAULTS : current).with(update)));
  }

  private static boolean startsWithIgnoreCase(String value, String lowerPrefix) {
    return value.toLowerCase(Locale.ROOT).startsWith(lowerPrefix);
  }

  private static String nameKey(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
