package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.Platform;
import dev.parley.core.model.RevisionKind;
import dev.parley.core.testing.MutableClock;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ReconnectPolicy;
import dev.parley.sdk.RevisionResult;
import dev.parley.sdk.SendResult;
import dev.parley.sdk.store.MvStoreLocalStore;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.server.ParleyServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall, edit and delete-for-me over real sockets against the all-in-one server, through the SDK:
 * the recipient online and the sender's other device hear a recall and an edit and hold the final
 * state; delete-for-me reaches only the caller's other device; a device offline during a recall
 * syncs the recalled state (durable store) and is told once; group recall of a member's message by
 * the group's owner, group edit; TOO_LATE past the window (the server's clock moved, no sleeping;
 * moved last in a test, as presence entries expire on that clock too).
 */
class RevisionJourneyTest {
  private static final String PASSWORD = "correct horse 42";

  private final String prefix = "rv" + UUID.randomUUID().toString().substring(0, 6);
  private final List<ParleyClient> clients = new ArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.now());
  private ParleyServer server;
  private List<Long> ids;

  @TempDir
  Path dir;

  @BeforeEach
  void start() {
    server = ParleyServer.builder().host("127.0.0.1").gatePort(0).chatPort(0).clock(clock)
        .passwordHasher(Argon2PasswordHasher.forTesting()).build().start();
    ids = server.seedUsers(3, prefix, PASSWORD);
    server.seedFriendPairs(List.of(ids.get(0), ids.get(1)));
    server.seedFriendPairs(List.of(ids.get(0), ids.get(2)));
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

  private ParleyClient client(ParleyClient.Builder b) {
    ParleyClient c = b.gateUrl(URI.create(server.gateUrl())).requestTimeout(Duration.ofSeconds(5))
        .reconnectPolicy(ReconnectPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 0.2)).build();
    clients.add(c);
    return c;
  }

  private ChatSession connect(int n, Platform platform, RecordingListener listener) throws Exception {
    ChatSession s = client(ParleyClient.builder().platform(platform)).connect(email(n), PASSWORD, listener);
    s.caughtUp().get();
    return s;
  }

  private String email(int n) {
    return prefix + n + "@seed.invalid";
  }

  private long id(int n) {
    return ids.get(n - 1);
  }

  private static ChatMessage held(ChatSession s, long peer, long messageId) {
    return s.localStore().messagesAfter(0, 1000).stream().filter(m -> m.messageId() == messageId).findFirst()
        .orElseThrow(() -> new AssertionError("message " + messageId + " not in the local store"));
  }

  @Test
  void aRecallAndAnEditReachTheRecipientAndTheSendersOtherDevice() throws Exception {
    RecordingListener onDesk = new RecordingListener();
    RecordingListener onPhone = new RecordingListener();
    RecordingListener onBob = new RecordingListener();
    ChatSession desk = connect(1, Platform.DESKTOP, onDesk);
    ChatSession phone = connect(1, Platform.MOBILE, onPhone);
    ChatSession bob = connect(2, Platform.DESKTOP, onBob);

    SendResult oops = desk.sendMessage(id(2), "oops");
    SendResult typo = desk.sendMessage(id(2), "teh typo");
    await().atMost(RecordingListener.WAIT).until(() -> onBob.messages.size() == 2 && onPhone.messages.size() == 2);

    RevisionResult recall = desk.recall(oops.messageId());
    assertThat(recall.duplicate()).isFalse();
    RevisionResult edit = desk.edit(typo.messageId(), "the typo");
    assertThat(edit.seq()).isEqualTo(recall.seq() + 1);

    for (RecordingListener l : List.of(onDesk, onPhone, onBob)) {
      await().atMost(RecordingListener.WAIT).until(() -> l.revisions.size() == 2);
      assertThat(l.revisions).extracting(r -> r.kind()).containsExactly(RevisionKind.RECALLED, RevisionKind.EDITED);
      assertThat(l.revisions.get(1).text()).isEqualTo("the typo");
    }
    for (ChatSession s : List.of(desk, phone, bob)) {
      assertThat(held(s, 0, oops.messageId())).satisfies(m -> {
        assertThat(m.recalled()).isTrue();
        assertThat(m.text()).isEmpty();
      });
      assertThat(held(s, 0, typo.messageId())).satisfies(m -> {
        assertThat(m.text()).isEqualTo("the typo");
        assertThat(m.editedAt()).isNotNull();
      });
    }
    assertThat(bob.history(id(1), 0, 10).messages()).extracting(ChatMessage::text).containsExactly("the typo", "");
    assertThat(desk.recall(oops.messageId()).duplicate()).as("a second recall").isTrue();

    ChatException notYours = catchThrowableOfType(() -> bob.recall(typo.messageId()), ChatException.class);
    assertThat(notYours.code()).isEqualTo(ErrorCode.NOT_ALLOWED);
    ChatSession cat = connect(3, Platform.DESKTOP, new RecordingListener());
    ChatException outsider = catchThrowableOfType(() -> cat.edit(typo.messageId(), "x"), ChatException.class);
    assertThat(outsider.code()).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void deleteForMeHidesTheMessageOnTheCallersOtherDeviceOnly() throws Exception {
    RecordingListener onDesk = new RecordingListener();
    RecordingListener onPhone = new RecordingListener();
    RecordingListener onBob = new RecordingListener();
    ChatSession desk = connect(1, Platform.DESKTOP, onDesk);
    ChatSession phone = connect(1, Platform.MOBILE, onPhone);
    ChatSession bob = connect(2, Platform.DESKTOP, onBob);
    SendResult keep = bob.sendMessage(id(1), "keep");
    SendResult hide = bob.sendMessage(id(1), "hide me");
    await().atMost(RecordingListener.WAIT).until(() -> onPhone.messages.size() == 2 && onDesk.messages.size() == 2);

    desk.deleteForMe(hide.messageId());
    await().atMost(RecordingListener.WAIT).until(() -> onPhone.revisions.size() == 1);
    assertThat(onPhone.revisions.get(0).kind()).isEqualTo(RevisionKind.DELETED);
    assertThat(held(phone, 0, hide.messageId()).deleted()).isTrue();
    assertThat(phone.localStore().messages(id(2), 10)).extracting(ChatMessage::messageId)
        .containsExactly(keep.messageId());
    assertThat(desk.history(id(2), 0, 10).messages()).extracting(ChatMessage::text).containsExactly("keep");
    assertThat(desk.conversations(10)).singleElement()
        .satisfies(c -> assertThat(c.lastMessage().messageId()).isEqualTo(keep.messageId()));

    // bob keeps it and hears nothing
    assertThat(bob.history(id(1), 0, 10).messages()).extracting(ChatMessage::text).containsExactly("hide me", "keep");
    bob.sendMessage(id(1), "after");
    await().atMost(RecordingListener.WAIT).until(() -> onDesk.messages.size() == 3);
    assertThat(onBob.revisions).isEmpty();
  }

  @Test
  void aDeviceOfflineDuringARecallSyncsTheRecalledStateAndIsToldOnce() throws Exception {
    RecordingListener onBob = new RecordingListener();
    MvStoreLocalStore bobStore = MvStoreLocalStore.open(dir.resolve("bob.db"));
    ParleyClient bobClient = client(ParleyClient.builder().localStore(bobStore));
    ChatSession bob = bobClient.connect(email(2), PASSWORD, onBob);
    bob.caughtUp().get();
    ChatSession ann = connect(1, Platform.DESKTOP, new RecordingListener());
    SendResult sent = ann.sendMessage(id(2), "secret");
    await().atMost(RecordingListener.WAIT).until(() -> onBob.messages.size() == 1);
    bob.close();
    bobClient.close();
    bobStore.close();

    ann.recall(sent.messageId());
    ann.sendMessage(id(2), "never mind");

    RecordingListener later = new RecordingListener();
    ParleyClient again = client(ParleyClient.builder().localStore(MvStoreLocalStore.open(dir.resolve("bob.db"))));
    ChatSession back = again.connect(email(2), PASSWORD, later);
    back.caughtUp().get();
    await().atMost(RecordingListener.WAIT).until(() -> later.messages.size() == 1 && later.revisions.size() == 1);
    assertThat(later.revisions).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(RevisionKind.RECALLED);
      assertThat(r.messageId()).isEqualTo(sent.messageId());
    });
    assertThat(later.messages).extracting(ChatMessage::text).containsExactly("never mind");
    assertThat(back.localStore().messages(id(1), 10)).extracting(ChatMessage::recalled, ChatMessage::text)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(true, ""),
            org.assertj.core.groups.Tuple.tuple(false, "never mind"));
  }

  @Test
  void pastTheWindowARecallIsTooLate() throws Exception {
    ChatSession ann = connect(1, Platform.DESKTOP, new RecordingListener());
    SendResult sent = ann.sendMessage(id(2), "hi");
    clock.advance(Duration.ofMinutes(2).plusSeconds(1));
    ChatException late = catchThrowableOfType(() -> ann.recall(sent.messageId()), ChatException.class);
    assertThat(late.code()).isEqualTo(ErrorCode.TOO_LATE);
    assertThat(late.getMessage()).contains("2 minutes");
    assertThat(ann.edit(sent.messageId(), "hi!").duplicate()).as("still within the edit window").isFalse();
  }

  @Test
  void anAdminRecallsAMembersGroupMessageAndTheSenderEditsTheirs() throws Exception {
    RecordingListener onAnn = new RecordingListener();
    RecordingListener onBob = new RecordingListener();
    RecordingListener onCat = new RecordingListener();
    ChatSession ann = connect(1, Platform.DESKTOP, onAnn);
    ChatSession bob = connect(2, Platform.DESKTOP, onBob);
    ChatSession cat = connect(3, Platform.DESKTOP, onCat);
    long g = ann.createGroup("team", List.of(id(2), id(3))).group().groupId();
    await().atMost(RecordingListener.WAIT).until(() -> bob.localStore().group(g).isPresent()
        && cat.localStore().group(g).isPresent());

    long bad = bob.sendGroupMessage(g, "spam").seq();
    long own = cat.sendGroupMessage(g, "helo").seq();
    ann.recallGroupMessage(g, bad); // the owner recalls a member's message
    cat.editGroupMessage(g, own, "hello");
    ChatException late = catchThrowableOfType(() -> bob.recallGroupMessage(g, bad + 100), ChatException.class);
    assertThat(late.code()).isEqualTo(ErrorCode.NOT_FOUND);

    for (RecordingListener l : List.of(onAnn, onBob, onCat)) {
      await().atMost(RecordingListener.WAIT).until(() -> l.groupRevisions.size() == 2);
      assertThat(l.groupRevisions).extracting(GroupMessage::kind)
          .containsExactly(GroupMessageKind.MESSAGE_RECALLED, GroupMessageKind.MESSAGE_EDITED);
      assertThat(l.groupRevisions.get(0).senderId()).isEqualTo(id(1));
      assertThat(l.groupRevisions.get(0).targetSeq()).isEqualTo(bad);
    }
    for (ChatSession s : List.of(ann, bob, cat)) {
      List<GroupMessage> log = s.localStore().groupMessages(g, 100);
      GroupMessage recalled = log.stream().filter(m -> m.seq() == bad).findFirst().orElseThrow();
      GroupMessage edited = log.stream().filter(m -> m.seq() == own).findFirst().orElseThrow();
      assertThat(recalled.recalled()).isTrue();
      assertThat(recalled.text()).isEmpty();
      assertThat(edited.text()).isEqualTo("hello");
      assertThat(edited.editedAt()).isNotNull();
    }
    ChatException notHers = catchThrowableOfType(() -> bob.editGroupMessage(g, own, "x"), ChatException.class);
    assertThat(notHers.code()).isEqualTo(ErrorCode.NOT_ALLOWED);
    // moved last: presence entries expire on the server's clock too, so pushes stop after this
    clock.advance(Duration.ofMinutes(10));
    ChatException memberLate = catchThrowableOfType(() -> cat.recallGroupMessage(g, own), ChatException.class);
    assertThat(memberLate.code()).isEqualTo(ErrorCode.TOO_LATE);
  }
}
