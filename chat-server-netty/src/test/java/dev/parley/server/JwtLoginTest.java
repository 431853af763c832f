package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.memory.InMemoryVerificationCodes;
import dev.parley.core.model.User;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.TokenStore;
import dev.parley.server.identity.TestJwts;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Host identity end to end over real sockets: JWT login at the gate ({@code POST /api/v1/sessions})
 * then a token login at the chat node; {@code Login.jwt} straight at the node (inline and offloaded
 * nodes) with the session token in the response and a reconnect with it; a disabled account kicked
 * with DISABLED and refused everywhere; password accounts turned off; the node's per-address budget
 * of failed JWT logins.
 */
class JwtLoginTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final TestJwts host = new TestJwts("a-host-secret-that-is-long-enough-for-hs256");
  private final InMemoryUserStore users = new InMemoryUserStore();
  private final InMemoryTokenStore tokens = new InMemoryTokenStore(TokenStore.DEFAULT_TTL, Clock.systemUTC());
  private final InMemoryPresenceRegistry presence =
      new InMemoryPresenceRegistry(PresenceRegistry.DEFAULT_TTL, Clock.systemUTC());
  private final InMemoryNodeDirectory directory =
      new InMemoryNodeDirectory(NodeDirectory.DEFAULT_STALE_AFTER, Clock.systemUTC());
  private ParleyServer server;
  private GateHttp gate;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private void start(Consumer<ParleyServerBuilder> settings) {
    ParleyServerBuilder b = ParleyServer.builder().passwordHasher(Argon2PasswordHasher.forTesting())
        .userStore(users).tokenStore(tokens).presenceRegistry(presence).nodeDirectory(directory)
        .jwt(host.settings());
    settings.accept(b);
    server = b.build().start();
    gate = new GateHttp(Integer.parseInt(server.gateUrl().replaceFirst(".*:", "")));
  }

  @Test
  void aJwtLoginAtTheGateThenATokenLoginAtTheNode() {
    start(b -> {});
    String sub = "host-" + unique();
    String name = "kim" + unique();

    GateHttp.Reply reply = gate.postJson("/api/v1/sessions",
        GateHttp.json("jwt", host.mint(sub, name, "Kim Doe"), "deviceId", "phone-1", "platform", "MOBILE"));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode session = reply.json();
    assertThat(session.path("deviceId").asText()).isEqualTo("phone-1");
    assertThat(session.path("chat").path("port").asInt()).isEqualTo(server.chatAddress().getPort());
    long userId = session.path("userId").asLong();
    User user = users.findById(userId).orElseThrow();
    assertThat(user.externalId()).isEqualTo(sub);
    assertThat(user.name()).isEqualTo(name);
    try (TestChatClient c = TestChatClient.connect("127.0.0.1", server.chatAddress().getPort())) {
      ChatProtocol.LoginResponse login = c.login(session.path("token").asText()).getLoginResponse();
      assertThat(login.getProfile().getUserId()).isEqualTo(userId);
      assertThat(login.getProfile().getNickname()).isEqualTo("Kim Doe");
      assertThat(login.getDeviceId()).isEqualTo("phone-1");
      assertThat(login.getSessionToken()).isEmpty(); // only a JWT login at the node answers one
    }

    GateHttp.Reply again = gate.postJson("/api/v1/sessions", GateHttp.json("jwt", host.mint(sub, "other", "")));
    assertThat(again.json().path("userId").asLong()).isEqualTo(userId);
  }

  @Test
  void theGateRefusesBadTokensAlikeAndWithoutDetail() {
    start(b -> {});
    GateHttp.Reply expired = gate.postJson("/api/v1/sessions",
        GateHttp.json("jwt", host.mint("host-" + unique(), "x" + unique(), "", Duration.ofMinutes(-5))));
    GateHttp.Reply forged = gate.postJson("/api/v1/sessions", GateHttp.json("jwt",
        new TestJwts("some-other-secret-that-is-long-enough!!").mint("host-" + unique(), "y" + unique(), "")));
    GateHttp.Reply junk = gate.postJson("/api/v1/sessions", GateHttp.json("jwt", "not.a.jwt"));

    for (GateHttp.Reply r : new GateHttp.Reply[] {expired, forged, junk}) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.errorCode()).isEqualTo("INVALID_CREDENTIALS");
      assertThat(r.errorMessage()).isEqualTo(expired.errorMessage()).doesNotContainIgnoringCase("expired");
    }
  }

  @Test
  void aJwtInLoginAtAnInlineNodeAnswersASessionTokenThatReconnects() {
    start(b -> b.jwtLoginAtNode(true));
    loginAtTheNodeAndReconnect();
  }

  @Test
  void aJwtInLoginAtAnOffloadedNodeAnswersASessionTokenThatReconnects() {
    start(b -> b.jwtLoginAtNode(true).chatNode(n -> n.offloadAllRequests(true)));
    loginAtTheNodeAndReconnect();
  }

  private void loginAtTheNodeAndReconnect() {
    String sub = "host-" + unique();
    String name = "ann" + unique();
    long userId;
    String sessionToken;
    try (TestChatClient c = connect()) {
      Frame answer = c.request(jwtLogin(host.mint(sub, name, "Ann"), "laptop-1"));
      assertThat(answer.hasLoginResponse()).as("%s", answer).isTrue();
      ChatProtocol.LoginResponse login = answer.getLoginResponse();
      userId = login.getProfile().getUserId();
      sessionToken = login.getSessionToken();
      assertThat(login.getProfile().getName()).isEqualTo(name);
      assertThat(login.getDeviceId()).isEqualTo("laptop-1");
      assertThat(sessionToken).isNotEmpty();
      assertThat(login.getSessionTokenExpiresAtMs()).isGreaterThan(System.currentTimeMillis());
      assertThat(tokens.verify(sessionToken).orElseThrow().device().deviceId()).isEqualTo("laptop-1");
      assertThat(c.request(Requests.ping()).hasPong()).isTrue(); // a logged-in session
    }
    try (TestChatClient again = connect()) {
      ChatProtocol.LoginResponse login = again.login(sessionToken).getLoginResponse();
      assertThat(login.getProfile().getUserId()).isEqualTo(userId);
      assertThat(login.getDeviceId()).isEqualTo("laptop-1");
    }
    assertThat(users.findByExternalId(sub).orElseThrow().id()).isEqualTo(userId);
  }

  @Test
  void aNodeThatDoesNotAllowJwtLoginRefusesItClearly() {
    start(b -> {});
    try (TestChatClient c = connect()) {
      Frame answer = c.request(jwtLogin(host.mint("host-" + unique(), "n" + unique(), ""), "d1"));
      assertThat(DeviceLogins.code(answer)).isEqualTo(ChatProtocol.ErrorCode.UNAUTHORIZED);
      assertThat(answer.getError().getMessage()).contains("does not accept a JWT").contains("/api/v1/sessions");
    }
    assertThat(users.search("n", 1000)).noneMatch(User::isExternal);
  }

  @Test
  void aDisabledUserIsKickedWithDisabledAndRefusedEverywhere() {
    start(b -> b.jwtLoginAtNode(true));
    String sub = "host-" + unique();
    TestChatClient c = connect();
    ChatProtocol.LoginResponse login = c.request(jwtLogin(host.mint(sub, "dis" + unique(), ""), "tab-1"))
        .getLoginResponse();
    long userId = login.getProfile().getUserId();

    try (PresenceSessionCloser closer = new PresenceSessionCloser(presence, directory)) {
      AccountService accounts = new AccountService(users, new InMemoryVerificationCodes(), (email, purpose, mail) -> {},
          tokens, Argon2PasswordHasher.forTesting(), new InMemoryRateLimiter(), directory, ChatLimits.defaults(),
          closer);
      assertThat(accounts.disable(userId)).isTrue();
      ChatProtocol.Kicked kicked = DeviceLogins.kicked(c, WAIT);
      assertThat(kicked.getCode()).isEqualTo(ChatProtocol.KickReason.DISABLED);
    }

    try (TestChatClient reconnect = connect()) {
      assertThat(DeviceLogins.code(reconnect.login(login.getSessionToken()))).isEqualTo(ChatProtocol.ErrorCode.UNAUTHORIZED);
    }
    try (TestChatClient viaJwt = connect()) {
      assertThat(DeviceLogins.code(viaJwt.request(jwtLogin(host.mint(sub, "", ""), "tab-2"))))
          .isEqualTo(ChatProtocol.ErrorCode.ACCOUNT_DISABLED);
    }
    GateHttp.Reply atGate = gate.postJson("/api/v1/sessions", GateHttp.json("jwt", host.mint(sub, "", "")));
    assertThat(atGate.status()).isEqualTo(403);
    assertThat(atGate.errorCode()).isEqualTo("ACCOUNT_DISABLED");
    assertThat(gate.postWithToken("/api/v1/routes", "Bearer " + login.getSessionToken()).status()).isEqualTo(401);
  }

  @Test
  void withPasswordAccountsOffOnlyTheHostsTokensLogIn() {
    start(b -> b.passwordAccounts(false));
    String email = unique() + "@example.com";

    GateHttp.Reply code = gate.postJson("/api/v1/verification-codes", GateHttp.json("email", email, "purpose", "REGISTER"));
    GateHttp.Reply signUp = gate.postJson("/api/v1/users",
        GateHttp.json("email", email, "name", "pw" + unique(), "password", "correct horse 42", "code", "123456"));
    GateHttp.Reply password = gate.postJson("/api/v1/sessions", GateHttp.json("email", email, "password", "x"));
    GateHttp.Reply reset = gate.postJson("/api/v1/password-resets",
        GateHttp.json("email", email, "code", "123456", "newPassword", "correct horse 43"));
    for (GateHttp.Reply r : new GateHttp.Reply[] {code, signUp, password, reset}) {
      assertThat(r.status()).as(r.body()).isEqualTo(403);
      assertThat(r.errorCode()).isEqualTo("FORBIDDEN");
      assertThat(r.errorMessage()).contains("password accounts are turned off");
    }
    assertThat(gate.postJson("/api/v1/sessions", GateHttp.json("jwt", host.mint("host-" + unique(), "", "")))
        .status()).isEqualTo(200);
  }

  @Test
  void failedJwtLoginsAtTheNodeAreRateLimitedPerAddress() {
    int perAddress = 3;
    start(b -> b.jwtLoginAtNode(true)
        .limits(ChatLimits.defaults().withLoginAttempts(10, perAddress, Duration.ofMinutes(1))));
    String good = host.mint("host-" + unique(), "rl" + unique(), "");
    for (int i = 0; i < perAddress; i++) {
      try (TestChatClient c = connect()) {
        assertThat(DeviceLogins.code(c.request(jwtLogin("bad.jwt." + i, "d"))))
            .isEqualTo(ChatProtocol.ErrorCode.INVALID_CREDENTIALS);
      }
    }
    try (TestChatClient c = connect()) {
      Frame limited = c.request(jwtLogin(good, "d"));
      assertThat(DeviceLogins.code(limited)).isEqualTo(ChatProtocol.ErrorCode.RATE_LIMITED);
      assertThat(limited.getError().getRetryAfterMs()).isPositive();
    }
  }

  private TestChatClient connect() {
    return TestChatClient.connect("127.0.0.1", server.chatAddress().getPort());
  }

  private static Frame.Builder jwtLogin(String jwt, String deviceId) {
    return Frame.newBuilder().setLogin(ChatProtocol.LoginRequest.newBuilder().setJwt(jwt).setDeviceId(deviceId)
        .setPlatform(ChatProtocol.Platform.DESKTOP));
  }

  private static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
