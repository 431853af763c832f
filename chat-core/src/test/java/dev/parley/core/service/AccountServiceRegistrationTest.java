package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static dev.parley.core.service.ServiceFixture.PASSWORD;
import static dev.parley.core.service.ServiceFixture.emailOf;
import static dev.parley.core.service.ServiceFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.model.SettingsUpdate;
import dev.parley.core.model.User;
import dev.parley.core.model.UserSettings;
import dev.parley.core.spi.UserStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Verification-code requests and registration through {@link AccountService}. */
class AccountServiceRegistrationTest {
  private static final String ADDRESS = "192.0.2.9";

  private final ServiceFixture f = new ServiceFixture();
  private final String name = uniqueName("Registrant");
  private final String email = emailOf(name);

  @Test
  void mailedCodeRegistersTheAccount() {
    f.accounts.requestCode(email, CodePurpose.REGISTER, ADDRESS);
    User user = f.accounts.register(" " + email.toUpperCase() + " ", name, PASSWORD, f.mail.lastCodeFor(email));

    assertThat(user.email()).isEqualTo(email);
    assertThat(user.name()).isEqualTo(name);
    assertThat(user.passwordHash()).isNotEqualTo(PASSWORD);
    assertThat(f.hasher.verify(PASSWORD, user.passwordHash())).isTrue();
    assertThat(f.users.findByEmail(email)).contains(user);
  }


  @Test
  void codeRequestValidatesEmailAndPurpose() {
    expectError(ErrorCode.INVALID_EMAIL, () -> f.accounts.requestCode("not-an-email", CodePurpose.REGISTER, ADDRESS));
    expectError(ErrorCode.INVALID_EMAIL, () -> f.accounts.requestCode(null, CodePurpose.REGISTER, ADDRESS));
    expectError(ErrorCode.BAD_REQUEST, () -> f.accounts.requestCode(email, null, ADDRESS));
    assertThat(f.mail.sent()).isEmpty();
  }

  @Test
  void wrongCodeIsRefusedAndTheRightOneStillWorks() {
    f.accounts.requestCode(email, CodePurpose.REGISTER, ADDRESS);
    String code = f.mail.lastCodeFor(email);

    ChatException e = expectError(ErrorCode.INVALID_CODE,
        () -> f.accounts.register(email, name, PASSWORD, otherCode(code)));
    assertThat(e.detail()).contains("wrong");
    assertThat(f.users.findByEmail(email)).isEmpty();

    assertThat(f.accounts.register(email, name, PASSWORD, code).name()).isEqualTo(name);
  }

  @Test
  void expiredCodeIsRefused() {
    f.accounts.requestCode(email, CodePurpose.REGISTER, ADDRESS);
    String code = f.mail.lastCodeFor(email);
    f.clock.advance(ServiceFixture.CODE_TTL.plusSeconds(1));

    ChatException e = expectError(ErrorCode.INVALID_CODE, () -> f.accounts.register(email, name, PASSWORD, code));
    assertThat(e.detail()).contains("expired");
  }

  @Test
  void codeThatWasNeverIssuedIsRefused() {
    ChatException e = expectError(ErrorCode.INVALID_CODE, () -> f.accounts.register(email, name, PASSWORD, "123456"));
    assertThat(e.detail()).contains("request a new one");
  }

  @Test
  void missingCodeIsRefused() {
    expectError(ErrorCode.INVALID_CODE, () -> f.accounts.register(email, name, PASSWORD, null));
    expectError(ErrorCode.INVALID_CODE, () -> f.accounts.register(email, name, PASSWORD, "  "));
  }

  @Test
  void tooManyWrongAttemptsKillTheCode() {
    f.accounts.requestCode(email, CodePurpose.REGISTER, ADDRESS);
    String code = f.mail.lastCodeFor(email);
    for (int i = 0; i < ServiceFixture.CODE_ATTEMPTS; i++) {
      expectError(ErrorCode.INVALID_CODE, () -> f.accounts.register(email, name, PASSWORD, otherCode(code)));
    }

    ChatException e = expectError(ErrorCode.INVALID_CODE, () -> f.accounts.register(email, name, PASSWORD, code));
    assertThat(e.detail()).contains("too many");
    assertThat(f.users.findByEmail(email)).isEmpty();

    f.clock.advance(ServiceFixture.CODE_ISSUE_INTERVAL);
    f.accounts.requestCode(email, CodePurpose.REGISTER, ADDRESS);
    assertThat(f.accounts.register(email, name, PASSWORD, f.mail.lastCodeFor(email)).email()).isEqualTo(email);
  }

  @Test
  void registerCodeCannotBeUsedForPasswordReset() {
    f.accounts.requestCode(email, CodePurpose.REGISTER, ADDRESS);
    String code = f.mail.lastCodeFor(email);
    f.accounts.register(email, name, PASSWORD, code);

    expectError(ErrorCode.INVALID_CODE, () -> f.accounts.resetPassword(email, code, "brand new 99"));
  }

  static Stream<Arguments> weakPasswords() {
    return Stream.of(
        Arguments.of(null, "required"),
        Arguments.of("", "required"),
        Arguments.of("abc1234", "at least 8"),
        Arguments.of("a1".repeat(64) + "x", "at most 128"),
        Arguments.of("onlyletters", "digit"),
        Arguments.of("1234567890", "letter"),
        Arguments.of("        ", "letter"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("weakPasswords")
  void weakPasswordIsRefusedWithoutBurningTheCode(String password, String reason) {
    f.accounts.requestCode(email, CodePurpose.REGISTER, ADDRESS);
    String code = f.mail.lastCodeFor(email);

    ChatException e = expectError(ErrorCode.WEAK_PASSWORD, () -> f.accounts.register(email, name, password, code));
    assertThat(e.detail()).contains(reason);

    assertThat(f.accounts.register(email, name, PASSWORD, code).name()).isEqualTo(name);
  }

  @Test
  void longestAndShortestAllowedPasswordsAreAccepted() {
    f.accounts.requestCode(email, CodePurpose.REGISTER, ADDRESS);
    String longest = "a1".repeat(AccountService.MAX_PASSWORD_LENGTH / 2);
    assertThat(f.accounts.register(email, name, longest, f.mail.lastCodeFor(email))).isNotNull();

    String other = uniqueName("Short");
    f.accounts.requestCode(emailOf(other), CodePurpose.REGISTER, ADDRESS);
    assertThat(f.accounts.register(emailOf(other), other, "abcdefg1", f.mail.lastCodeFor(emailOf(other)))).isNotNull();
  }

  @Test
  void passwordEqualToEmailLocalPartOrNameIsWeak() {
    String named = "pw" + name;
    String address = named.toLowerCase() + "1@example.com";
    f.accounts.requestCode(address, CodePurpose.REGISTER, ADDRESS);
    String code = f.mail.lastCodeFor(address);

    ChatException local = expectError(ErrorCode.WEAK_PASSWORD,
        () -> f.accounts.register(address, named, (named + "1").toUpperCase(), code));
    assertThat(local.detail()).contains("email");
    ChatException sameAsName = expectError(ErrorCode.WEAK_PASSWORD,
        () -> f.accounts.register(address, named, named, code));
    assertThat(sameAsName.detail()).contains("name");
  }

  @Test
  void invalidEmailOrNameIsRefused() {
    expectError(ErrorCode.INVALID_EMAIL, () -> f.accounts.register("a@b", name, PASSWORD, "123456"));
    expectError(ErrorCode.INVALID_EMAIL, () -> f.accounts.register("two@@example.com", name, PASSWORD, "123456"));
    expectError(ErrorCode.INVALID_NAME, () -> f.accounts.register(email, "ab", PASSWORD, "123456"));
    expectError(ErrorCode.INVALID_NAME, () -> f.accounts.register(email, "_underscore", PASSWORD, "123456"));
    expectError(ErrorCode.INVALID_NAME, () -> f.accounts.register(email, null, PASSWORD, "123456"));
  }

  @Test
  void duplicateEmailWithAValidCodeIsRefused() {
    f.accounts.requestCode(email, CodePurpose.REGISTER, ADDRESS);
    String code = f.mail.lastCodeFor(email);
    f.users.create(new NewUser(email, uniqueName("First"), f.hasher.hash(PASSWORD)));

    expectError(ErrorCode.EMAIL_TAKEN,
        () -> f.accounts.register(email.toUpperCase(), uniqueName("Other"), PASSWORD, code));
  }

  @Test
  void duplicateNameIsRefusedWithoutBurningTheCode() {
    f.register(name);
    String otherEmail = emailOf(uniqueName("Second"));
    f.accounts.requestCode(otherEmail, CodePurpose.REGISTER, ADDRESS);
    String code = f.mail.lastCodeFor(otherEmail);

    expectError(ErrorCode.NAME_TAKEN, () -> f.accounts.register(otherEmail, name.toUpperCase(), PASSWORD, code));

    String freeName = uniqueName("Free");
    assertThat(f.accounts.register(otherEmail, freeName, PASSWORD, code).name()).isEqualTo(freeName);
  }

  @Test
  void theSystemSendersNameIsTakenForEveryoneAndTheCodeStaysGood() {
    f.accounts.requestCode(email, CodePurpose.REGISTER, ADDRESS);
    String code = f.mail.lastCodeFor(email);

    expectError(ErrorCode.NAME_TAKEN, () -> f.accounts.register(email, "PARLEY-system", PASSWORD, code));

    assertThat(f.users.findByName(AdminService.DEFAULT_SYSTEM_NAME)).isEmpty();
    assertThat(f.accounts.register(email, name, PASSWORD, code).name()).isEqualTo(name);
  }

  @Test
  void nameTakenByAConcurrentRegistrationSurfacesFromTheStore() {
    f.accounts.requestCode(email, CodePurpose.REGISTER, ADDRESS);
    String code = f.mail.lastCodeFor(email);
    UserStore racing = new RivalCreatesFirst(f.users);
    AccountService accounts = new AccountService(racing, f.codes, f.verification, f.tokens, f.hasher,
        f.rateLimiter, f.nodes, f.limits);

    expectError(ErrorCode.NAME_TAKEN, () -> accounts.register(email, name, PASSWORD, code));
    assertThat(f.users.findByEmail(email)).isEmpty();
  }

  /** A store where another registration of the same name lands between the service's checks and its create. */
  private static final class RivalCreatesFirst implements UserStore {
    private final UserStore delegate;

    RivalCreatesFirst(UserStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public User create(NewUser user) {
      delegate.create(new NewUser("rival-" + user.email(), user.name(), user.passwordHash()));
      return delegate.create(user);
    }

    @Override
    public Optional<User> findById(long userId) {
      return delegate.findById(userId);
    }

    @Override
    public Optional<User> findByEmail(String email) {
      return delegate.findByEmail(email);
    }

    @Override
    public Optional<User> findByName(String name) {
      return delegate.findByName(name);
    }

    @Override
    public Optional<User> findByExternalId(String externalId) {
      return delegate.findByExternalId(externalId);
    }

    @Override
    public boolean setDisabled(long userId, boolean disabled) {
      return delegate.setDisabled(userId, disabled);
    }

    @Override
    public Map<Long, User> findAllById(Collection<Long> userIds) {
      return delegate.findAllById(userIds);
    }

    @Override
    public List<User> search(String query, int limit) {
      return delegate.search(query, limit);
    }

    @Override
    public boolean updatePasswordHash(long userId, String passwordHash) {
      return delegate.updatePasswordHash(userId, passwordHash);
    }

    @Override
    public Optional<User> updateProfile(long userId, ProfileUpdate update) {
      return delegate.updateProfile(userId, update);
    }

    @Override
    public Optional<UserSettings> settings(long userId) {
      return delegate.settings(userId);
    }

    @Override
    public Optional<UserSettings> updateSettings(long userId, SettingsUpdate update) {
      return delegate.updateSettings(userId, update);
    }
  }

  private static String otherCode(String code) {
    return code.equals("000000") ? "000001" : "000000";
  }
}
