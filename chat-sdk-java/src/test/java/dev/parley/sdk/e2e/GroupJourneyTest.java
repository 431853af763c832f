package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.Platform;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.GroupChanges;
import dev.parley.sdk.GroupDetails;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ReconnectPolicy;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.server.ParleyServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Groups over real sockets against the all-in-one server: a three-member group whose messages
 * reach every member and every device of a member exactly once and in the group's seq order; a
 * member added later (and offline) that syncs on login only what followed its joined seq; a member
 * that reconnects and gets what it missed once; a kicked member that hears the notice, gets nothing
 * after it and whose send is refused with NOT_A_MEMBER; and mute and mute-all refusing with MUTED.
 *
 * <p>Needs a server that answers group requests; against one that does not (UNSUPPORTED_REQUEST)
 * the tests are skipped, saying so.
 */
class GroupJourneyTest {
  private static final String PASSWORD = "correct horse 42";

  private final String prefix = "gj" + UUID.randomUUID().toString().substring(0, 6);
  private final List<ParleyClient> clients = new ArrayList<>();
  private ParleyServer server;
  private List<Long> ids;

  @BeforeEach
  void start() {
    server = ParleyServer.builder().host("127.0.0.1").gatePort(0).chatPort(0)
        .passwordHasher(Argon2PasswordHasher.forTesting()).build().start();
    ids = server.seedUsers(4, prefix, PASSWORD);
    for (int other = 1; other < 4; other++) { // only friends can be added to a group
      server.seedFriendPairs(List.of(ids.get(0), ids.get(other)));
    }
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

  /** User {@code n} (1-4) logged in on a new client. */
  private ChatSession connect(int n, RecordingListener listener) throws Exception {
    return client(ParleyClient.builder()).connect(email(n), PASSWORD, listener);
  }

  private String email(int n) {
    return prefix + n + "@seed.invalid";
  }

  private long id(int n) {
    return ids.get(n - 1);
  }

  private static void assumeGroups(ChatSession session) {
    try {
      session.listGroups(1);
    } catch (ChatException e) {
      Assumptions.assumeFalse(e.code() == ErrorCode.UNSUPPORTED_REQUEST,
          "this server does not answer group requests yet: " + e.getMessage());
      throw e;
    }
  }

  /** The seqs of {@code entries}: contiguous, ascending, each once. */
  private static void assertContiguous(List<Long> seqs) {
    assertThat(seqs).isNotEmpty().doesNotHaveDuplicates().isSorted();
    assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(seqs.get(0), seqs.get(seqs.size() - 1))
        .boxed().toList());
  }

  @Test
  void everyMemberAndEveryDeviceGetsEveryMessageOnceInTheGroupsOrder() throws Exception {
    RecordingListener onAnnDesk = new RecordingListener();
    RecordingListener onAnnPhone = new RecordingListener();
    RecordingListener onBob = new RecordingListener();
    RecordingListener onCat = new RecordingListener();
    ChatSession annDesk = connect(1, onAnnDesk);
    assumeGroups(annDesk);
    ChatSession annPhone = client(ParleyClient.builder().platform(Platform.MOBILE)).connect(email(1), PASSWORD,
        onAnnPhone);
    ChatSession bob = connect(2, onBob);
    ChatSession cat = connect(3, onCat);

    GroupDetails team = annDesk.createGroup("team", List.of(id(2), id(3)));
    long g = team.group().groupId();
    assertThat(team.group().memberCount()).isEqualTo(3);
    await().atMost(RecordingListener.WAIT).until(() -> bob.localStore().group(g).isPresent()
        || !onBob.groupNotices.isEmpty());

    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      sends.add(annDesk.sendGroupMessageAsync(g, "ann " + i));
      sends.add(annPhone.sendGroupMessageAsync(g, "ann phone " + i));
      sends.add(bob.sendGroupMessageAsync(g, "bob " + i));
      sends.add(cat.sendGroupMessageAsync(g, "cat " + i));
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();

    for (RecordingListener l : List.of(onAnnDesk, onAnnPhone, onBob, onCat)) {
      await().atMost(RecordingListener.WAIT).until(() -> l.groupTexts(g).size() >= 80);
    }
    List<String> order = onAnnDesk.groupTexts(g);
    assertThat(order).hasSize(80).doesNotHaveDuplicates();
    for (RecordingListener l : List.of(onAnnPhone, onBob, onCat)) {
      assertThat(l.groupTexts(g)).as("the same order everywhere").containsExactlyElementsOf(order);
      assertContiguous(l.groupSeqs(g));
    }
    assertContiguous(onAnnDesk.groupSeqs(g));
    assertThat(onAnnDesk.groupEntries).filteredOn(m -> m.text().startsWith("ann phone"))
        .allMatch(GroupMessage::outgoing);
    assertThat(annDesk.localStore().groupMessages(g, 200)).extracting(GroupMessage::text)
        .containsSubsequence(order.get(0), order.get(79));
  }

  @Test
  void aMemberAddedWhileOfflineSyncsOnlyWhatFollowedItsJoinedSeqAndAReconnectBringsWhatWasMissed()
      throws Exception {
    RecordingListener onAnn = new RecordingListener();
    RecordingListener onBob = new RecordingListener();
    ChatSession ann = connect(1, onAnn);
    assumeGroups(ann);
    ChatSession bob = connect(2, onBob);
    long g = ann.createGroup("club", List.of(id(2))).group().groupId();
    for (int i = 1; i <= 5; i++) {
      ann.sendGroupMessage(g, "before " + i);
    }
    ann.inviteToGroup(g, List.of(id(4))); // dan is offline
    for (int i = 1; i <= 3; i++) {
      ann.sendGroupMessage(g, "after " + i);
    }
    await().atMost(RecordingListener.WAIT).until(() -> onBob.groupTexts(g).size() == 8);
    bob.close();
    ann.sendGroupMessage(g, "while bob was away");

    RecordingListener onDan = new RecordingListener();
    ChatSession dan = connect(4, onDan);
    await().atMost(RecordingListener.WAIT).until(() -> onDan.groupTexts(g).size() >= 4);
    assertThat(onDan.groupTexts(g)).containsExactly("after 1", "after 2", "after 3", "while bob was away");
    assertThat(onDan.groupNotices).anySatisfy(n -> {
      assertThat(n.groupId()).isEqualTo(g);
      assertThat(n.kind()).isEqualTo(GroupMessageKind.MEMBERS_JOINED);
    });
    long joinedSeq = dan.getGroup(g).self().joinedSeq();
    assertThat(onDan.groupSeqs(g)).allMatch(seq -> seq > joinedSeq);
    assertContiguous(onDan.groupSeqs(g));

    RecordingListener onBobAgain = new RecordingListener();
    connect(2, onBobAgain);
    await().atMost(RecordingListener.WAIT).until(() -> onBobAgain.groupTexts(g).contains("while bob was away"));
    assertThat(onBobAgain.groupTexts(g)).as("a new session on an empty store syncs from the joined seq")
        .containsExactly("before 1", "before 2", "before 3", "before 4", "before 5", "after 1", "after 2",
            "after 3", "while bob was away");
  }

  @Test
  void aKickedMemberHearsItGetsNothingMoreAndItsSendIsRefused() throws Exception {
    RecordingListener onAnn = new RecordingListener();
    RecordingListener onCat = new RecordingListener();
    ChatSession ann = connect(1, onAnn);
    assumeGroups(ann);
    ChatSession cat = connect(3, onCat);
    long g = ann.createGroup("crew", List.of(id(2), id(3))).group().groupId();
    ann.sendGroupMessage(g, "hello all");
    await().atMost(RecordingListener.WAIT).until(() -> onCat.groupTexts(g).contains("hello all"));

    ann.kickMember(g, id(3));
    await().atMost(RecordingListener.WAIT).until(() -> onCat.groupNotices.stream()
        .anyMatch(n -> n.groupId() == g && n.kind() == GroupMessageKind.MEMBER_KICKED));
    assertThat(cat.localStore().group(g)).as("forgotten by the store").isEmpty();
    ann.sendGroupMessage(g, "after the kick");
    await().atMost(RecordingListener.WAIT).until(() -> onAnn.groupTexts(g).contains("after the kick"));

    ChatException refused = catchThrowableOfType(() -> cat.sendGroupMessage(g, "let me back"), ChatException.class);
    assertThat(refused.code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
    cat.pingAsync().get(); // everything pushed before the ping's answer has been read
    assertThat(onCat.groupTexts(g)).containsExactly("hello all");
  }

  @Test
  void aMutedMemberAndMembersOfAMutedGroupAreRefusedWithMuted() throws Exception {
    ChatSession ann = connect(1, new RecordingListener());
    assumeGroups(ann);
    ChatSession bob = connect(2, new RecordingListener());
    ChatSession cat = connect(3, new RecordingListener());
    long g = ann.createGroup("quiet", List.of(id(2), id(3))).group().groupId();

    ann.muteMember(g, id(2), Instant.now().plus(Duration.ofHours(1)));
    assertThat(catchThrowableOfType(() -> bob.sendGroupMessage(g, "hi"), ChatException.class).code())
        .isEqualTo(ErrorCode.MUTED);
    assertThat(cat.sendGroupMessage(g, "cat may").seq()).isPositive();

    ann.updateGroup(g, GroupChanges.none().muteAll(true));
    assertThat(catchThrowableOfType(() -> cat.sendGroupMessage(g, "hi"), ChatException.class).code())
        .isEqualTo(ErrorCode.MUTED);
    assertThat(ann.sendGroupMessage(g, "the owner still speaks").seq()).isPositive();
  }
}
