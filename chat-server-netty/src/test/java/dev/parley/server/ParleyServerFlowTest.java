package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.FRIEND_ADDED_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.FRIEND_REQUEST_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.server.SignUpClient.Account;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole embedded server, as a client sees it: HTTP sign-up and login, then chat over TCP. */
class ParleyServerFlowTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String PASSWORD = "correct horse 42";

  private final RecordingMailSender mail = new RecordingMailSender();
  private final InMemoryMessageStore messages = new InMemoryMessageStore();
  private final InMemoryFriendStore friends = new InMemoryFriendStore();
  private final InMemoryPresenceRegistry presence = new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC());
  private ParleyServer server;
  private SignUpClient gate;

  @BeforeEach
  void start() {
    server = ParleyServer.builder().mailSender(mail).passwordHasher(Argon2PasswordHasher.forTesting())
        .messageStore(messages).friendStore(friends).presenceRegistry(presence).build().start();
    gate = new SignUpClient(server.gateUrl());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  @SuppressWarnings("try") // b is closed inside its try on purpose: bob goes offline mid-story
  void signUpLoginBefriendChatGoOfflineAndSync() {
    Account ann = gate.signUp(mail, unique("ann"), PASSWORD);
    Account bob = gate.signUp(mail, unique("bob"), PASSWORD);
    Account cid = gate.signUp(mail, unique("cid"), PASSWORD);
    assertThat(ann.chatPort()).isEqualTo(server.chatAddress().getPort());

    try (TestChatClient a = connect(ann); TestChatClient b = connect(bob)) {
      // a friend request reaches an online target at once ...
      a.request(Requests.friendRequest(bob.userId(), "hi bob"));
      Frame incoming = b.awaitPush(FRIEND_REQUEST_EVENT, WAIT);
      assertThat(incoming.getFriendRequestEvent().getRequest().getFrom().getUserId()).isEqualTo(ann.userId());
      // ... and waits in the list of an offline one
      a.request(Requests.friendRequest(cid.userId(), "hi cid"));

      b.request(Requests.answer(ann.userId(), true));
      assertThat(a.awaitPush(FRIEND_ADDED_EVENT, WAIT)).isNotNull();
      assertThat(b.awaitPush(FRIEND_ADDED_EVENT, WAIT)).isNotNull();

      a.request(Requests.send(bob.userId(), "a-1", "hello bob"));
      assertThat(text(b.awaitPush(MESSAGE_EVENT, WAIT))).isEqualTo("hello bob");
      b.request(Requests.send(ann.userId(), "b-1", "hello ann"));
      assertThat(text(a.awaitPush(MESSAGE_EVENT, WAIT))).isEqualTo("hello ann");

      b.close();
      await().atMost(WAIT).until(() -> !presence.isOnline(bob.userId()));
      for (int i = 2; i <= 6; i++) {
        assertThat(a.request(Requests.send(bob.userId(), "a-" + i, "offline " + i)).hasSendAck()).isTrue();
      }
    }

    assertThat(gate.routePort(bob.token())).isEqualTo(server.chatAddress().getPort());
    try (TestChatClient b = TestChatClient.connect("127.0.0.1", server.chatAddress().getPort())) {
      ChatProtocol.LoginResponse login = b.login(bob.token()).getLoginResponse();
      assertThat(login.getMailboxSeq()).isEqualTo(7);
      ChatProtocol.SyncResponse missed = b.request(Requests.sync(2, 50)).getSyncResponse();
      assertThat(missed.getEntriesList()).extracting(e -> e.getMessage().getText())
          .containsExactly("offline 2", "offline 3", "offline 4", "offline 5", "offline 6");

      ChatProtocol.HistoryResponse newest = b.request(Requests.history(ann.userId(), 0, 4)).getHistoryResponse();
      assertThat(newest.getHasMore()).isTrue();
      long oldestShown = newest.getMessages(newest.getMessagesCount() - 1).getMessageId();
      ChatProtocol.HistoryResponse rest = b.request(Requests.history(ann.userId(), oldestShown, 4)).getHistoryResponse();
      assertThat(rest.getMessagesList()).extracting(ChatProtocol.ChatMessage::getText)
          .containsExactly("offline 2", "hello ann", "hello bob");
      assertThat(rest.getHasMore()).isFalse();
    }

    try (TestChatClient c = TestChatClient.connect(cid.chatHost(), cid.chatPort())) {
      List<ChatProtocol.FriendRequest> pending = c.login(cid.token()).getLoginResponse().getPendingRequestsList();
      assertThat(pending).singleElement().satisfies(r -> assertThat(r.getFrom().getUserId()).isEqualTo(ann.userId()));
      assertThat(c.request(Frame.newBuilder().setListFriendRequests(ChatProtocol.ListFriendRequestsRequest.getDefaultInstance()))
          .getListFriendRequestsResponse().getRequestsCount()).isEqualTo(1);
    }
    assertThat(messages.lastSeq(ann.userId())).isEqualTo(7);
    assertThat(friends.areFriends(ann.userId(), bob.userId())).isTrue();
    assertThat(friends.areFriends(ann.userId(), cid.userId())).isFalse();
  }

  @Test
  void seedUsersCreatesLoginableUsersAndFriendPairs() {
    String prefix = unique("seed");
    List<Long> ids = server.seedUsers(4, prefix, PASSWORD);
    server.seedFriendPairs(ids);

    assertThat(ids).hasSize(4).doesNotHaveDuplicates();
    assertThat(friends.areFriends(ids.get(0), ids.get(1))).isTrue();
    assertThat(friends.areFriends(ids.get(2), ids.get(3))).isTrue();
    assertThat(friends.areFriends(ids.get(1), ids.get(2))).isFalse();
    assertThat(gate.login(prefix.toLowerCase() + "3@seed.invalid", PASSWORD).userId()).isEqualTo(ids.get(2));
    assertThat(server.meterRegistry().scrape()).contains("parley_connections");
  }

  private TestChatClient connect(Account account) {
    TestChatClient c = TestChatClient.connect(account.chatHost(), account.chatPort());
    Frame login = c.login(account.token());
    assertThat(login.hasLoginResponse()).as("login %s", login).isTrue();
    return c;
  }

  private static String text(Frame messageEvent) {
    return messageEvent.getMessageEvent().getEntry().getMessage().getText();
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }
}
