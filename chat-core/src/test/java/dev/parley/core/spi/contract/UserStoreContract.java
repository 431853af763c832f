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

  // --- accounts of a host's users (external identity) and disabled accounts ---

  @Test
  void anExternalAccountIsFoundByItsExternalIdExactly() {
    String externalId = "Host|" + UniqueNames.token();
    User created = store.create(NewUser.external(externalId, UniqueNames.name(), "Kim Doe", ""));

    assertThat(created.externalId()).isEqualTo(externalId);
    assertThat(created.isExternal()).isTrue();
    assertThat(created.email()).isEmpty();
    assertThat(created.passwordHash()).isEmpty();
    assertThat(created.hasPassword()).isFalse();
    assertThat(created.nickname()).isEqualTo("Kim Doe");
    assertThat(created.disabled()).isFalse();
    assertThat(store.findByExternalId(externalId)).contains(created);
    assertThat(store.findById(created.id())).contains(created);
    assertThat(store.findByExternalId(externalId.toLowerCase(Locale.ROOT))).isEmpty();
    assertThat(store.findByExternalId("")).isEmpty();
    assertThat(store.findByExternalId(null)).isEmpty();
    assertThat(store.findByExternalId("unknown-" + UniqueNames.token())).isEmpty();
  }

  @Test
  void accountsWithoutEmailNeverMatchAnEmptyEmail() {
    store.create(NewUser.external("a-" + UniqueNames.token(), UniqueNames.name(), "", ""));
    store.create(NewUser.external("b-" + UniqueNames.token(), UniqueNames.name(), "", ""));

    assertThat(store.findByEmail("")).isEmpty();
    assertThat(store.findByEmail("  ")).isEmpty();
  }

  @Test
  void anExternalAccountMayCarryAnEmailThatStaysUnique() {
    String email = UniqueNames.email();
    User created = store.create(NewUser.external("e-" + UniqueNames.token(), UniqueNames.name(), "", email));
    assertThat(store.findByEmail(email)).contains(created);

    assertThatThrownBy(() -> store.create(new NewUser(email, UniqueNames.name(), "h")))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.EMAIL_TAKEN));
  }

  @Test
  void aTakenExternalIdIsRejected() {
    String externalId = "x-" + UniqueNames.token();
    User first = store.create(NewUser.external(externalId, UniqueNames.name(), "", ""));
    String otherName = UniqueNames.name();

    assertThatThrownBy(() -> store.create(NewUser.external(externalId, otherName, "", "")))
        .isInstanceOfSatisfying(ChatException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.EXTERNAL_ID_TAKEN));
    assertThat(store.findByName(otherName)).isEmpty();
    assertThat(store.findByExternalId(externalId)).contains(first);
  }

  @Test
  void concurrentCreatesWithOneExternalIdHaveExactlyOneWinner() {
    String externalId = "race-" + UniqueNames.token();
    List<Object> outcomes = Concurrently.call(RACERS,
        i -> attempt(NewUser.external(externalId, UniqueNames.name(), "", "")));

    List<User> winners = outcomes.stream().filter(User.class::isInstance).map(User.class::cast).toList();
    assertThat(winners).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o == ErrorCode.EXTERNAL_ID_TAKEN).hasSize(RACERS - 1);
    assertThat(store.findByExternalId(externalId)).contains(winners.get(0));
  }

  @Test
  void parleyAccountsHaveNoExternalIdAndStartEnabled() {
    User u = createUser();
    assertThat(u.externalId()).isEmpty();
    assertThat(u.isExternal()).isFalse();
    assertThat(u.disabled()).isFalse();
    assertThat(store.findById(u.id()).orElseThrow().disabled()).isFalse();
  }

  @Test
  void setDisabledMarksTheAccountAndCanBeUndone() {
    User u = createUser();
    User other = createUser();

    assertThat(store.setDisabled(u.id(), true)).isTrue();
    assertThat(store.findById(u.id()).orElseThrow().disabled()).isTrue();
    assertThat(store.findByEmail(u.email()).orElseThrow().disabled()).isTrue();
    assertThat(store.findById(other.id()).orElseThrow().disabled()).isFalse();
    assertThat(store.setDisabled(u.id(), true)).isTrue(); // again: still true, still disabled
    assertThat(store.findById(u.id()).orElseThrow()).isEqualTo(u.withDisabled(true));

    assertThat(store.setDisabled(u.id(), false)).isTrue();
    assertThat(store.findById(u.id())).contains(u);
    assertThat(store.setDisabled(Long.MAX_VALUE - 7, true)).isFalse();
  }

  @Test
  void updatesKeepTheExternalIdAndTheDisabledFlag() {
    String externalId = "k-" + UniqueNames.token();
    User u = store.create(NewUser.external(externalId, UniqueNames.name(), "", ""));
    store.setDisabled(u.id(), true);

    User updated = store.updateProfile(u.id(), new ProfileUpdate(Optional.of("nick"), Optional.empty(),
        Optional.empty())).orElseThrow();
    store.updatePasswordHash(u.id(), "h2");

    assertThat(updated.externalId()).isEqualTo(externalId);
    assertThat(updated.disabled()).isTrue();
    User stored = store.findByExternalId(externalId).orElseThrow();
    assertThat(stored.disabled()).isTrue();
    assertThat(stored.nickname()).isEqualTo("nick");
    assertThat(stored.passwordHash()).isEqualTo("h2");
  }
}
