package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.model.CodePurpose;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.Conversation;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import dev.parley.sdk.HistoryPage;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.Profile;
import dev.parley.sdk.ProfileChanges;
import dev.parley.sdk.Registration;
import dev.parley.sdk.ReconnectPolicy;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.server.ParleyServer;
import dev.parley.server.ParleyServerBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two SDK users go through the whole product against the all-in-one server on loopback, in
 * plaintext over TCP. Variants ({@link TlsJourneyTest}, {@link WebSocketJourneyTest},
 * {@link SecureWebSocketJourneyTest}) run the same journey with other server and client settings
 * through {@link #serverSettings} and {@link #clientSettings}, and check through
 * {@link #assertChatAddress} and {@link #transport} that it went the way they mean.
 */
class JourneyTest {
  private static final String PASSWORD = "correct horse 42";

  private final MailTrap mail = new MailTrap();
  ParleyServer server;
  ParleyClient client;

  @BeforeEach
  void start() {
    server = serverSettings(ParleyServer.builder().mailSender(mail).passwordHasher(Argon2PasswordHasher.forTesting()))
        .build().start();
    client = clientSettings(ParleyClient.builder().gateUrl(URI.create(server.gateUrl()))
        .reconnectPolicy(ReconnectPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 0.2))
        .requestTimeout(Duration.ofSeconds(5))).build();
  }

  /** The server of this variant; plaintext here. */
  ParleyServerBuilder serverSettings(ParleyServerBuilder builder) {
    return builder;
  }

  /** The client of this variant; default trust and transport here. */
  ParleyClient.Builder clientSettings(ParleyClient.Builder builder) {
    return builder;
  }

  /** Checks that a login went the way this variant means: a plaintext node without a WebSocket port here. */
  void assertChatAddress(LoginResult login) {
    assertThat(login.chat().tls()).isFalse();
    assertThat(login.chat().wsPort()).isZero();
  }

  /** The node's {@code parley.sessions} transport tag the journey's sessions must show up under: {@code tcp} here. */
  String transport() {
    return "tcp";
  }

  private double sessionsOver(String transport) {
    return server.meterRegistry().get("parley.sessions").tag("transport", transport).gauge().value();
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  private Registration signUp(String name) {
    String email = name + "@example.com";
    client.requestVerificationCode(email, CodePurpose.REGISTER);
    return client.register(email, name, PASSWORD, mail.codeFor(email));
  }

  @Test
  void registerBefriendChatGoOfflineAndComeBack() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    Registration annAccount = signUp("ann" + suffix);
    Registration bobAccount = signUp("bob" + suffix);
    assertThat(annAccount.name()).isEqualTo("ann" + suffix);

    RecordingListener annHears = new RecordingListener();
    RecordingListener bobHears = new RecordingListener();
    ChatSession ann = client.connect("ann" + suffix + "@example.com", PASSWORD, annHears);
    ChatSession bob = client.connect("bob" + suffix + "@example.com", PASSWORD, bobHears);
    assertThat(ann.userId()).isEqualTo(annAccount.userId());
    // both sessions went the variant's way, none the other
    assertThat(sessionsOver(transport())).isEqualTo(2);
    assertThat(sessionsOver(transport().equals("tcp") ? "ws" : "tcp")).isZero();

    // friendship: found by name, asked with a greeting, accepted with a remark; both sides hear it
    Profile bobProfile = ann.findUser("bob" + suffix).orElseThrow();
    ann.sendFriendRequest(bobProfile.userId(), "hi bob, it's ann", "Bobby");
    await().atMost(RecordingListener.WAIT).until(() -> bobHears.friendRequests.size() == 1);
    FriendRequest request = bobHears.friendRequests.get(0);
    assertThat(request.greeting()).isEqualTo("hi bob, it's ann");
    assertThat(bob.friendRequests()).extracting(r -> r.from().userId()).containsExactly(ann.userId());
    Friend annForBob = bob.acceptFriendRequest(request.from().userId(), "Annie");
    assertThat(annForBob.displayName()).isEqualTo("Annie");
    await().atMost(RecordingListener.WAIT).until(() -> !annHears.friendsAdded.isEmpty());
    assertThat(ann.friends()).singleElement().satisfies(f -> assertThat(f.remark()).isEqualTo("Bobby"));
    assertThat(bob.localStore().pendingRequests()).isEmpty();

    // chat both ways
    ann.sendMessage(bob.userId(), "hello bob");
    bob.sendMessage(ann.userId(), "hello ann");
    bobHears.awaitMessages(2);
    annHears.awaitMessages(2);
    assertThat(bobHears.texts()).containsExactly("hello bob", "hello ann");

    // bob goes offline; ann keeps writing; bob comes back with a new session
    bob.close();
    for (int i = 1; i <= 5; i++) {
      ann.sendMessage(bob.userId(), "while you were away " + i);
    }
    RecordingListener bobAgainHears = new RecordingListener();
    ChatSession bobAgain = client.connect("bob" + suffix + "@example.com", PASSWORD, bobAgainHears);
    assertThat(bobAgain.caughtUp().get(10, TimeUnit.SECONDS)).isEqualTo(7);
    // a fresh in-memory store holds nothing, so bob's new session replays his whole mailbox once, in order
    assertThat(bobAgainHears.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(bobAgainHears.texts().subList(2, 7)).containsExactly("while you were away 1",
        "while you were away 2", "while you were away 3", "while you were away 4", "while you were away 5");
    bobAgain.sendMessage(ann.userId(), "back!");
    annHears.awaitMessages(8);
    assertThat(annHears.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);

    // history, conversations and profiles
    HistoryPage history = bobAgain.history(ann.userId(), 0, 3);
    assertThat(history.messages()).extracting(m -> m.text())
        .containsExactly("back!", "while you were away 5", "while you were away 4");
    assertThat(history.hasMore()).isTrue();
    List<Conversation> conversations = ann.conversations(10);
    assertThat(conversations).singleElement().satisfies(c -> {
      assertThat(c.peerId()).isEqualTo(bob.userId());
      assertThat(c.lastMessage().text()).isEqualTo("back!");
    });
    Profile updated = ann.updateProfileAsync(ProfileChanges.none().nickname("Queen Ann")).get(5, TimeUnit.SECONDS);
    assertThat(updated.nickname()).isEqualTo("Queen Ann");
    assertThat(bobAgain.profileAsync(ann.userId()).get(5, TimeUnit.SECONDS).nickname()).isEqualTo("Queen Ann");
    assertThat(ann.pingAsync().get(5, TimeUnit.SECONDS)).isPositive();
  }

  @Test
  void accountErrorsCarryTheGatesCodes() {
    String name = "eve" + UUID.randomUUID().toString().substring(0, 6);
    String email = name + "@example.com";
    client.requestVerificationCode(email, CodePurpose.REGISTER);
    ChatException wrongCode = catchThrowableOfType(ChatException.class,
        () -> client.register(email, name, PASSWORD, "000000".equals(mail.codeFor(email)) ? "111111" : "000000"));
    assertThat(wrongCode.code()).isEqualTo(ErrorCode.INVALID_CODE);

    client.register(email, name, PASSWORD, mail.codeFor(email));
    assertThat(catchThrowableOfType(ChatException.class, () -> client.login(email, "wrong password!")).code())
        .isEqualTo(ErrorCode.INVALID_CREDENTIALS);
    assertThat(catchThrowableOfType(ChatException.class, () -> client.requestVerificationCode("not-an-email", CodePurpose.REGISTER))
        .code()).isEqualTo(ErrorCode.INVALID_EMAIL);

    String other = "x" + name + "@example.com";
    client.requestVerificationCode(other, CodePurpose.REGISTER);
    ChatException rateLimited = catchThrowableOfType(ChatException.class,
        () -> client.requestVerificationCode(other, CodePurpose.REGISTER));
    assertThat(rateLimited.code()).isEqualTo(ErrorCode.RATE_LIMITED); // one code per email and purpose a minute
    assertThat(rateLimited.retryAfter()).isPositive();
  }

  @Test
  void aPasswordResetLetsTheUserInWithTheNewPassword() {
    String name = "fay" + UUID.randomUUID().toString().substring(0, 6);
    String email = name + "@example.com";
    client.requestVerificationCode(email, CodePurpose.REGISTER);
    client.register(email, name, PASSWORD, mail.codeFor(email));
    client.requestVerificationCode(email, CodePurpose.RESET_PASSWORD);
    client.resetPassword(email, mail.codeFor(email, 2), "a brand new secret 7");

    LoginResult login = client.login(email, "a brand new secret 7");
    assertThat(login.chat().port()).isEqualTo(server.chatAddress().getPort());
    assertChatAddress(login);
    assertThat(catchThrowableOfType(ChatException.class, () -> client.login(email, PASSWORD)).code())
        .isEqualTo(ErrorCode.INVALID_CREDENTIALS);
  }
}
