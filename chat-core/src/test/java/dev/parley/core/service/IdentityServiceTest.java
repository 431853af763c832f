package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static dev.parley.core.service.ServiceFixture.uniqueAddress;
import static dev.parley.core.service.ServiceFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.hooks.Authenticator;
import dev.parley.core.hooks.ExternalIdentity;
import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.LoginResult;
import dev.parley.core.model.Platform;
import dev.parley.core.model.User;
import dev.parley.core.testing.Concurrently;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Logins with a host credential through {@link IdentityService}: provisioning (first login makes
 * the account, later ones find it, concurrent first logins make one), provisioning off, names,
 * disabled accounts and the per-address budget of failed attempts. The host here issues opaque
 * credentials it keeps in a map (a host's own scheme; the JWT authenticator is tested in the
 * server module).
 */
class IdentityServiceTest {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final int PER_ADDRESS = 4;

  private final ServiceFixture f = new ServiceFixture(ChatLimits.defaults().withLoginAttempts(3, PER_ADDRESS, WINDOW));
  private final HostCredentials host = new HostCredentials();
  private final IdentityService identity = f.accounts.identity(host, true);
  private final DeviceInfo phone = DeviceInfo.of("phone-1", Platform.MOBILE, "Kim's phone");

  IdentityServiceTest() {
    f.registerNode("node-1", 7001);
  }

  @Test
  void aFirstLoginMakesTheAccountFromTheIdentity() {
    String hostId = "host-" + uniqueName("u");
    String email = uniqueName("kim").toLowerCase() + "@host.example";
    String name = uniqueName("kim");
    String credential = host.mint(new ExternalIdentity(hostId, name, "Kim Doe", email));

    LoginResult result = identity.login(credential, uniqueAddress(), phone);

    User user = result.user();
    assertThat(user.externalId()).isEqualTo(hostId);
    assertThat(user.name()).isEqualTo(name);
    assertThat(user.nickname()).isEqualTo("Kim Doe");
    assertThat(user.email()).isEqualTo(email);
    assertThat(user.hasPassword()).isFalse();
    assertThat(result.node().nodeId()).isEqualTo("node-1");
    assertThat(result.token().device()).isEqualTo(phone);
    assertThat(f.accounts.authenticate(result.token().token()).userId()).isEqualTo(user.id());
    assertThat(f.users.findByExternalId(hostId)).contains(user);
  }

  @Test
  void aHostUserNamedLikeTheSystemSenderGetsANumberedName() {
    String hostId = "host-" + uniqueName("sys");

    User user = identity.login(host.mint(new ExternalIdentity(hostId, "Parley-System", "", "")), uniqueAddress(), null)
        .user();

    assertThat(user.name()).isNotEqualToIgnoringCase(AdminService.DEFAULT_SYSTEM_NAME);
    assertThat(user.name()).startsWithIgnoringCase(AdminService.DEFAULT_SYSTEM_NAME);
  }

  @Test
  void aLaterLoginFindsTheSameAccountWhateverTheClaimsSayNow() {
    String hostId = "host-" + uniqueName("u");
    User first = identity.login(host.mint(new ExternalIdentity(hostId, uniqueName("ann"), "Ann", "")),
        uniqueAddress(), null).user();

    User again = identity.login(host.mint(new ExternalIdentity(hostId, uniqueName("renamed"), "Ann B", "")),
        uniqueAddress(), null).user();

    assertThat(again).isEqualTo(first);
  }

  @Test
  void concurrentFirstLoginsOfOneHostUserEndInOneAccount() {
    int racers = 8;
    String hostId = "host-" + uniqueName("race");
    String credential = host.mint(new ExternalIdentity(hostId, uniqueName("racer"), "", ""));
    CyclicBarrier allAuthenticated = new CyclicBarrier(racers);
    IdentityService racing = f.accounts.identity(c -> {
      ExternalIdentity id = host.authenticate(c);
      Concurrently.await(allAuthenticated); // every racer looks the host user up before any creates
      return id;
    }, true);

    List<Long> userIds = Concurrently.call(racers,
        i -> racing.signIn(credential, uniqueAddress(), DeviceInfo.of("d" + i, Platform.WEB, "")).user().id());

    assertThat(userIds).hasSize(racers).containsOnly(userIds.get(0));
    assertThat(f.users.findByExternalId(hostId).orElseThrow().id()).isEqualTo(userIds.get(0));
    assertThat(f.users.search("racer", 1000)).filteredOn(u -> u.externalId().equals(hostId)).hasSize(1);
  }

  @Test
  void withProvisioningOffAnUnknownHostUserIsRefusedLikeABadCredential() {
    IdentityService closed = f.accounts.identity(host, false);
    String knownId = "host-" + uniqueName("known");
    User known = identity.login(host.mint(new ExternalIdentity(knownId, uniqueName("known"), "", "")),
        uniqueAddress(), null).user();
    String newcomerId = "host-" + uniqueName("new");

    ChatException unknown = expectError(ErrorCode.INVALID_CREDENTIALS, () -> closed.login(
        host.mint(new ExternalIdentity(newcomerId, uniqueName("new"), "", "")), uniqueAddress(), null));
    ChatException forged = expectError(ErrorCode.INVALID_CREDENTIALS,
        () -> closed.login("forged-credential", uniqueAddress(), null));

    assertThat(unknown.detail()).isEqualTo(forged.detail());
    assertThat(f.users.findByExternalId(newcomerId)).isEmpty();
    assertThat(closed.login(host.mint(new ExternalIdentity(knownId, "", "", "")), uniqueAddress(), null).user())
        .isEqualTo(known);
  }

  @Test
  void aTakenNameGetsANumberedSuffix() {
    String name = uniqueName("taken");
    f.user(name.substring(0, 5)); // unrelated account
    User parley = f.users.create(new dev.parley.core.model.NewUser(ServiceFixture.emailOf(name), name, "h"));

    User second = login(new ExternalIdentity("h-" + uniqueName("a"), name, "", "")).user();
    User third = login(new ExternalIdentity("h-" + uniqueName("b"), name.toUpperCase(), "", "")).user();

    assertThat(parley.name()).isEqualTo(name);
    assertThat(second.name()).isEqualTo(name + "2");
    assertThat(third.name()).isEqualTo(name.toUpperCase() + "3");
  }

  @Test
  void namesAreMadeToFitTheNameRules() {
    String suffix = uniqueName("");
    assertThat(login(new ExternalIdentity("h-" + uniqueName("s"), "Kim Doe!" + suffix, "", "")).user().name())
        .isEqualTo("Kim_Doe_" + suffix);
    assertThat(UserProvisioning.baseName(new ExternalIdentity("x", "", "", ""))).isEqualTo("user");
    assertThat(UserProvisioning.baseName(new ExternalIdentity("x", "", "Jo", ""))).isEqualTo("Jo_user");
    assertThat(UserProvisioning.baseName(new ExternalIdentity("x", "__kim@example.com", "", "")))
        .isEqualTo("kim_example.com");
    assertThat(UserProvisioning.baseName(new ExternalIdentity("x", "pаypal", "", ""))) // Cyrillic а
        .isEqualTo("user");
    assertThat(UserProvisioning.baseName(new ExternalIdentity("x", "ｋｉｍ", "", ""))).isEqualTo("kim"); // fullwidth
    assertThat(UserProvisioning.baseName(new ExternalIdentity("x", "a".repeat(80), "", "")))
        .hasSize(UserProvisioning.MAX_BASE_LENGTH);
  }

  @Test
  void aTakenOrInvalidEmailIsLeftEmpty() {
    User owner = f.user("owner");

    User taken = login(new ExternalIdentity("h-" + uniqueName("e"), uniqueName("e"), "", owner.email())).user();
    User invalid = login(new ExternalIdentity("h-" + uniqueName("f"), uniqueName("f"), "", "not an email")).user();

    assertThat(taken.email()).isEmpty();
    assertThat(invalid.email()).isEmpty();
    assertThat(f.users.findByEmail(owner.email())).contains(owner);
  }

  @Test
  void aDisabledAccountIsRefusedOnlyAfterTheCredentialProvedItself() {
    String hostId = "host-" + uniqueName("off");
    User user = login(new ExternalIdentity(hostId, uniqueName("off"), "", "")).user();
    f.accounts.disable(user.id());

    expectError(ErrorCode.INVALID_CREDENTIALS, () -> identity.login("not-minted", uniqueAddress(), null));
    expectError(ErrorCode.ACCOUNT_DISABLED, () -> login(new ExternalIdentity(hostId, "", "", "")));

    f.accounts.enable(user.id());
    assertThat(login(new ExternalIdentity(hostId, "", "", "")).user().id()).isEqualTo(user.id());
  }

  @Test
  void failedAttemptsFromOneAddressAreRateLimitedAndSuccessfulOnesAreFree() {
    String address = uniqueAddress();
    String good = host.mint(new ExternalIdentity("host-" + uniqueName("rl"), uniqueName("rl"), "", ""));
    for (int i = 0; i < 2 * PER_ADDRESS; i++) {
      identity.login(good, address, null); // successes do not use the budget up
    }
    for (int i = 0; i < PER_ADDRESS; i++) {
      expectError(ErrorCode.INVALID_CREDENTIALS, () -> identity.login("bad", address, null));
    }

    ChatException limited = expectError(ErrorCode.RATE_LIMITED, () -> identity.login(good, address, null));
    assertThat(limited.retryAfter()).isPositive();
    assertThat(identity.login(good, uniqueAddress(), null).user()).isNotNull(); // other addresses are not affected
  }

  @Test
  void aThrowingAuthenticatorIsABadCredentialAndAnOutageGivesTheBudgetBack() {
    String address = uniqueAddress();
    IdentityService buggy = f.accounts.identity(c -> {
      throw new IllegalStateException("parser bug on " + c.length() + " chars");
    }, true);
    IdentityService down = f.accounts.identity(c -> {
      throw new ChatException(ErrorCode.UNAVAILABLE, "key server down");
    }, true);

    expectError(ErrorCode.INVALID_CREDENTIALS, () -> buggy.login("x", address, null));
    for (int i = 0; i < 3 * PER_ADDRESS; i++) {
      expectError(ErrorCode.UNAVAILABLE, () -> down.login("x", address, null));
    }
    expectError(ErrorCode.INVALID_CREDENTIALS, () -> identity.login("y".repeat(IdentityService.MAX_CREDENTIAL_LENGTH + 1),
        address, null));
    // two failures spent so far: the outage cost nothing
    assertThat(identity.login(host.mint(new ExternalIdentity("h-" + uniqueName("o"), uniqueName("o"), "", "")),
        address, null).user()).isNotNull();
  }

  @Test
  void aHostUsersEmailNeitherLogsInByPasswordNorResetsOne() {
    String email = uniqueName("ext").toLowerCase() + "@host.example";
    login(new ExternalIdentity("h-" + uniqueName("p"), uniqueName("p"), "", email));

    expectError(ErrorCode.INVALID_CREDENTIALS, () -> f.accounts.login(email, "", uniqueAddress()));
    expectError(ErrorCode.INVALID_CREDENTIALS, () -> f.accounts.login(email, "any password 1", uniqueAddress()));
    f.accounts.requestCode(email, dev.parley.core.model.CodePurpose.RESET_PASSWORD, uniqueAddress());
    assertThat(f.mail.sentTo(email)).singleElement()
        .satisfies(m -> assertThat(m.body()).doesNotContainPattern("\\d{6}"));
    expectError(ErrorCode.INVALID_CODE, () -> f.accounts.resetPassword(email, "123456", "a new password 9"));
    assertThat(f.users.findByEmail(email).orElseThrow().passwordHash()).isEmpty();
  }

  private LoginResult login(ExternalIdentity who) {
    return identity.login(host.mint(who), uniqueAddress(), null);
  }

  /** A host that hands out opaque credentials and accepts only those it handed out. Thread-safe. */
  private static final class HostCredentials implements Authenticator {
    private final Map<String, ExternalIdentity> issued = new ConcurrentHashMap<>();

    String mint(ExternalIdentity who) {
      String credential = "cred-" + uniqueName("c");
      issued.put(credential, who);
      return credential;
    }

    @Override
    public ExternalIdentity authenticate(String credential) {
      ExternalIdentity who = issued.get(credential);
      if (who == null) {
        throw new ChatException(ErrorCode.INVALID_CREDENTIALS, "credential was never issued");
      }
      return who;
    }
  }
}
