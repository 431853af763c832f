package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.store.LocalStoreFactory;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.server.ParleyServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable client store outlives an in-memory server: the server restarts on the same ports with
 * empty storage, ids and seqs start at 1 again, and a new account gets the old account's id. The
 * new account must see none of the old history and all of its own.
 */
class LocalStoreResetTest {
  private static final String PASSWORD = "correct horse 42";

  @TempDir
  Path storeDir;

  private ParleyServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aNewAccountWithTheOldIdOnARestartedServerSeesOnlyItsOwnMessages() {
    server = startServer(0, 0);
    int gatePort = URI.create(server.gateUrl()).getPort();
    int chatPort = server.chatAddress().getPort();
    List<Long> old = server.seedUsers(2, "ann", PASSWORD);
    server.seedFriendPairs(old);
    chat(old, "ann", List.of("old secret 1", "old secret 2", "old secret 3"), List.of());
    server.stop();

    server = startServer(gatePort, chatPort);
    List<Long> fresh = server.seedUsers(2, "cat", PASSWORD);
    server.seedFriendPairs(fresh);
    assertThat(fresh).as("the restarted server reuses the ids").isEqualTo(old);

    RecordingListener cat = chat(fresh, "cat", List.of("new hello"), List.of("old secret"));

    assertThat(cat.storeResets).singleElement().asString().contains("deployment");
  }

  @Test
  void aRestartedClientOnTheSameServerKeepsItsStoreAndIsNotReset() {
    server = startServer(0, 0);
    List<Long> ids = server.seedUsers(2, "dan", PASSWORD);
    server.seedFriendPairs(ids);
    chat(ids, "dan", List.of("one"), List.of());

    RecordingListener again = chat(ids, "dan", List.of("two"), List.of());

    assertThat(again.storeResets).isEmpty();
    assertThat(again.texts()).as("only what is new is delivered").containsExactly("two");
  }

  /**
   * The second user sends {@code texts} to the first, who uses the durable store; returns the
   * first user's listener once its store holds exactly what the server's mailbox holds.
   */
  private RecordingListener chat(List<Long> ids, String prefix, List<String> texts, List<String> mustNotSee) {
    RecordingListener first = new RecordingListener();
    try (ParleyClient durable = client(LocalStoreFactory.mvStore(storeDir));
        ParleyClient other = client(LocalStoreFactory.inMemory())) {
      ChatSession session = durable.connect(prefix + "1@seed.invalid", PASSWORD, first);
      session.caughtUp().join();
      ChatSession sender = other.connect(prefix + "2@seed.invalid", PASSWORD, new RecordingListener());
      texts.forEach(t -> sender.sendMessage(ids.get(0), t));
      await().atMost(RecordingListener.WAIT).until(() -> first.texts().containsAll(texts));
      List<String> stored = session.localStore().messages(ids.get(1), 100).stream().map(ChatMessage::text).toList();
      assertThat(stored).containsSubsequence(texts);
      for (String secret : mustNotSee) {
        assertThat(stored).noneMatch(t -> t.contains(secret));
        assertThat(first.texts()).noneMatch(t -> t.contains(secret));
      }
      assertThat(session.localStore().highestContiguousSeq()).isEqualTo(stored.size());
      return first;
    }
  }

  private static ParleyServer startServer(int gatePort, int chatPort) {
    return ParleyServer.builder().host("127.0.0.1").gatePort(gatePort).chatPort(chatPort)
        .passwordHasher(Argon2PasswordHasher.forTesting()).build().start();
  }

  private ParleyClient client(LocalStoreFactory stores) {
    return ParleyClient.builder().gateUrl(URI.create(server.gateUrl())).localStoreFactory(stores)
        .requestTimeout(Duration.ofSeconds(5)).build();
  }
}
