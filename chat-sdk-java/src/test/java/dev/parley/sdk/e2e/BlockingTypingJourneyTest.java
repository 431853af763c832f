package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.model.TypingState;
import dev.parley.sdk.BlockedUser;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.Typing;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.server.ParleyServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's blocking and typing calls against the all-in-one server over real sockets: block,
 * listBlocked and unblock, a blocked friend's send failing with BLOCKED, the blocker shown offline
 * to them, and {@code onTyping} hearing 1:1 typing but not typing to a blocker.
 */
class BlockingTypingJourneyTest {
  private static final String PASSWORD = "correct horse 42";

  private final String prefix = "bt" + UUID.randomUUID().toString().substring(0, 6);
  private final List<ParleyClient> clients = new ArrayList<>();
  private ParleyServer server;
  private List<Long> ids;

  @BeforeEach
  void start() {
    server = ParleyServer.builder().host("127.0.0.1").gatePort(0).chatPort(0)
        .passwordHasher(Argon2PasswordHasher.forTesting()).build().start();
    ids = server.seedUsers(2, prefix, PASSWORD);
    server.seedFriendPairs(List.of(ids.get(0), ids.get(1)));
  }

  @AfterEach
  void stop() {
    clients.forEach(c -> {
      try {
        c.close();
      } catch (RuntimeException e) {
        // closing anyway
      }
    });
    server.stop();
  }

  private ChatSession connect(int n, RecordingListener listener) throws Exception {
    ParleyClient c = ParleyClient.builder().gateUrl(URI.create(server.gateUrl())).requestTimeout(Duration.ofSeconds(5))
        .build();
    clients.add(c);
    return c.connect(prefix + n + "@seed.invalid", PASSWORD, listener);
  }

  @Test
  void blockListUnblockAndTyping() throws Exception {
    RecordingListener onAnn = new RecordingListener();
    RecordingListener onBob = new RecordingListener();
    ChatSession ann = connect(1, onAnn);
    ChatSession bob = connect(2, onBob);
    long annId = ids.get(0);
    long bobId = ids.get(1);

    ann.typing(bobId, TypingState.TYPING);
    await().atMost(RecordingListener.WAIT).until(() -> !onBob.typings.isEmpty());
    assertThat(onBob.typings.get(0)).isEqualTo(new Typing(annId, bobId, 0, TypingState.TYPING));
    assertThat(bob.friends()).singleElement().satisfies(f -> assertThat(f.online()).isTrue());

    ann.block(bobId);
    assertThat(ann.listBlocked()).extracting(BlockedUser::userId).containsExactly(bobId);
    ChatException refused = catchThrowableOfType(() -> bob.sendMessage(annId, "hello?"), ChatException.class);
    assertThat(refused.code()).isEqualTo(ErrorCode.BLOCKED);
    assertThat(bob.friends()).singleElement().satisfies(f -> assertThat(f.online()).as("ann hidden").isFalse());
    bob.typing(annId, TypingState.TYPING); // answered, relayed nowhere
    ann.typing(bobId, TypingState.STOPPED);
    await().atMost(RecordingListener.WAIT).until(() -> onBob.typings.size() == 2);
    assertThat(onAnn.typings).as("typing to a blocker goes nowhere").isEmpty();

    ann.unblock(bobId);
    assertThat(ann.listBlocked()).isEmpty();
    bob.sendMessage(annId, "hello again");
    await().atMost(RecordingListener.WAIT).until(() -> onAnn.messages.stream()
        .anyMatch(m -> m.text().equals("hello again")));
    assertThat(onAnn.messages).noneMatch(m -> m.text().equals("hello?"));
  }
}
