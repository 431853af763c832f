package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.model.SettingsUpdate;
import dev.parley.core.model.User;
import dev.parley.core.model.UserSettings;
import dev.parley.core.spi.UserStore;
import dev.parley.core.testing.Concurrently;
import dev.parley.core.testing.UniqueNames;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link UserStore}. {@link #newStore()} is called before each test and may return
 * the same shared store every time; the tests never assume it is empty.
 */
public abstract class UserStoreContract {
  private static final int RACERS = 12;

  protected UserStore store;

  /** The store under test; may be one shared instance. */
  protected abstract UserStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  private User createUser() {
    return store.create(new NewUser(UniqueNames.email(), UniqueNames.name(), "hash-" + UniqueNames.token()));
  }

  private User createUser(String name, String nickname) {
    User u = store.create(new NewUser(UniqueNames.email(), name, "h"));
    return nickname == null ? u
        : store.updateProfile(u.id(), new ProfileUpdate(Optional.of(nickname), Optional.empty(), Optional.empty()))
            .orElseThrow();
  }

  @Test
  void createStoresTheAccountAndFindsItByIdEmailAndName() {
    String email = UniqueNames.email();
    String name = "Mixed" + UniqueNames.token();
    User created = store.create(new NewUser(email.toUpperCase(Locale.ROOT), name, "hash-1"));

    assertThat(created.id()).isPositive();
    assertThat(created.email()).isEqualTo(email);
    assertThat(created.name()).isEqualTo(name);
    assertThat(created.passwordHash()).isEqualTo("hash-1");
    assertThat(created.nickname()).isEmpty();
    assertThat(created.createdAt()).isNotNull();
    assertThat(store.findById(created.id())).contains(created);
    assertThat(store.findByEmail(email.toUpperCase(Locale.ROOT))).contains(created);
    assertThat(store.findByName(name.toLowerCase(Locale.ROOT))).contains(created);
    assertThat(store.findByName(name.toUpperCase(Locale.ROOT))).contains(created);
  }

  @Test
  void eachAccountGetsItsOwnId() {
    User a = createUser();
    User b = createUser();
    assertThat(a.id()).isNotEqualTo(b.id());
  }

  @Test
  void unknownUsersAreNotFound() {
    assertThat(store.findById(Long.MAX_VALUE - 7)).isEmpty();
    assertThat(store.findByEmail(UniqueNames.email())).isEmpty();
    assertThat(store.findByName(UniqueNames.name())).isEmpty();
  }

  @Test
  void aTakenEmailIsRejectedIgnoringCase() {
    User first = createUser();
    NewUser again = new NewUser(first.email().toUpperCase(Locale.ROOT), UniqueNames.name(), "h");
    assertThatThrownBy(() -> store.create(again))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.EMAIL_TAKEN));
    assertThat(store.findByName(again.name())).isEmpty();
  }

  @Test
  void aTakenNameIsRejectedIgnoringCase() {
    User first = store.create(new NewUser(UniqueNames.email(), "Name" + UniqueNames.token(), "h"));
    NewUser again = new NewUser(UniqueNames.email(), first.name().toLowerCase(Locale.ROOT), "h");
    assertThatThrownBy(() -> store.create(again))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));
    assertThat(store.findByEmail(again.email())).isEmpty();
  }

  @Test
  void aRejectedCreateLeavesNothingBehind() {
    User first = createUser();
    String freshEmail = UniqueNames.email();
    assertThatThrownBy(() -> store.create(new NewUser(freshEmail, first.name(), "h")))
        .isInstanceOf(ChatException.class);

    User second = store.create(new NewUser(freshEmail, UniqueNames.name(), "h"));
    assertThat(store.findByEmail(freshEmail)).contains(second);
  }

  @Test
  void concurrentCreatesWithOneEmailHaveExactlyOneWinner() {
    String email = UniqueNames.email();
    List<Object> outcomes = Concurrently.call(RACERS, i -> attempt(new NewUser(email, UniqueNames.name(), "h")));

    List<User> winners = outcomes.stream().filter(User.class::isInstance).map(User.class::cast).toList();
    assertThat(winners).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o == ErrorCode.EMAIL_TAKEN).hasSize(RACERS - 1);
    assertThat(store.findByEmail(email)).contains(winners.get(0));
  }

  @Test
  void concurrentCreatesWithOneNameInDifferentCasesHaveExactlyOneWinner() {
    String name = "race" + UniqueNames.token();
    List<Object> outcomes = Concurrently.call(RACERS, i -> {
      String variant = i % 2 == 0 ? name : name.toUpperCase(Locale.ROOT);
      return attempt(new NewUser(UniqueNames.email(), variant, "h"));
    });

    List<User> winners = outcomes.stream().filter(User.class::isInstance).map(User.class::cast).toList();
    assertThat(winners).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o == ErrorCode.NAME_TAKEN).hasSize(RACERS - 1);
    assertThat(store.findByName(name)).contains(winners.get(0));
  }

  private Object attempt(NewUser user) {
    try {
      return store.create(user);
    } catch (ChatException e) {
      return e.code();
    }
  }

  @Test
  void findAllByIdReturnsTheExistingOnes() {
    User a = createUser();
    User b = createUser();
    assertThat(store.findAllById(List.of(a.id(), b.id(), Long.MAX_VALUE - 7)))
        .containsOnlyKeys(a.id(), b.id())
        .containsEntry(a.id(), a)
        .containsEntry(b.id(), b);
    assertThat(store.findAllById(List.of())).isEmpty();
  }

  @Test
  void searchMatchesNameOrNicknamePrefixIgnoringCaseOrderedByName() {
    String prefix = "s" + UniqueNames.token();
    User c = createUser(prefix + "c3", null);
    User a = createUser(prefix + "a1", null);
    User b = createUser(prefix.toUpperCase(Locale.ROOT) + "B2", null);
    User byNickname = createUser("n" + UniqueNames.token(), prefix + "Nick");
    createUser("x" + prefix, "y" + prefix); // contains the prefix, but does not start with it

    List<User> expected = List.of(byNickname, a, b, c).stream()
        .sorted(Comparator.comparing(u -> u.name().toLowerCase(Locale.ROOT))).toList();
    assertThat(ids(store.search(prefix.toUpperCase(Locale.ROOT), 10))).isEqualTo(ids(expected));
    assertThat(ids(store.search(prefix, 2))).isEqualTo(ids(expected.subList(0, 2)));
    assertThat(ids(store.search(prefix + "A", 10))).containsExactly(a.id());
  }

  @Test
  void searchTreatsSqlWildcardsLiterally() {
    String prefix = "w" + UniqueNames.token();
    User underscore = createUser(prefix + "_x1", null);
    createUser(prefix + "yx1", null);

    assertThat(ids(store.search(prefix + "_", 10))).containsExactly(underscore.id());
    assertThat(store.search(prefix + "%", 10)).isEmpty();
  }

  private static List<Long> ids(List<User> users) {
    return users.stream().map(User::id).collect(Collectors.toList());
  }

  @Test
  void updatePasswordHashReplacesIt() {
    User u = createUser();
    assertThat(store.updatePasswordHash(u.id(), "new-hash")).isTrue();
    assertThat(store.findById(u.id()).orElseThrow().passwordHash()).isEqualTo("new-hash");
    assertThat(store.findByEmail(u.email()).orElseThrow().passwordHash()).isEqualTo("new-hash");
    assertThat(store.updatePasswordHash(Long.MAX_VALUE - 7, "x")).isFalse();
  }

  @Test
  void updateProfileAppliesOnlyThePresentFields() {
    User u = createUser();
    String text = "héllo 👋🏽 世界";
    User updated = store.updateProfile(u.id(),
        new ProfileUpdate(Optional.of(text), Optional.of("https://img.example/a.png"), Optional.empty())).orElseThrow();
    assertThat(updated.nickname()).isEqualTo(text);
    assertThat(updated.avatarUrl()).isEqualTo("https://img.example/a.png");
    assertThat(updated.bio()).isEmpty();

    User again = store.updateProfile(u.id(), new ProfileUpdate(Optional.empty(), Optional.empty(), Optional.of(text)))
        .orElseThrow();
    assertThat(again.nickname()).isEqualTo(text);
    assertThat(again.bio()).isEqualTo(text);
    assertThat(store.findById(u.id())).contains(again);
    assertThat(again.email()).isEqualTo(u.email());
    assertThat(again.passwordHash()).isEqualTo(u.passwordHash());
  }

  @Test
  void updateProfileOfAnUnknownUserIsEmpty() {
    assertThat(store.updateProfile(Long.MAX_VALUE - 7,
        new ProfileUpdate(Optional.of("x"), Optional.empty(), Optional.empty()))).isEmpty();
  }

  @Test
  void settingsStartAtTheDefaultsAndUpdatesApplyOnlyThePresentFields() {
    User u = createUser();
    assertThat(store.settings(u.id())).contains(UserSettings.DEFAULTS);
    assertThat(UserSettings.DEFAULTS.sendReadReceipts()).isTrue();

    assertThat(store.updateSettings(u.id(), new SettingsUpdate(Optional.of(false))))
        .contains(new UserSettings(false));
    assertThat(store.settings(u.id())).contains(new UserSettings(false));
    assertThat(store.updateSettings(u.id(), new SettingsUpdate(Optional.empty()))).contains(new UserSettings(false));
    assertThat(store.settings(u.id())).contains(new UserSettings(false));
    assertThat(store.updateSettings(u.id(), new SettingsUpdate(Optional.of(true)))).contains(new UserSettings(true));
    assertThat(store.settings(u.id())).contains(new UserSettings(true));

    User other = createUser();
    store.updateSettings(u.id(), new SettingsUpdate(Optional.of(false)));
    assertThat(store.settings(other.id())).contains(UserSettings.DEFAULTS);
    assertThat(store.findById(u.id())).contains(u); // the account itself is untouched
  }

  @Test
  void settingsOfAnUnknownUserAreEmpty() {
    assertThat(store.settings(Long.MAX_VALUE - 7)).isEmpty();
    assertThat(store.updateSettings(Long.MAX_VALUE - 7, new SettingsUpdate(Optional.of(false)))).isEmpty();
    assertThat(store.settings(Long.MAX_VALUE - 7)).isEmpty();
  }
}
