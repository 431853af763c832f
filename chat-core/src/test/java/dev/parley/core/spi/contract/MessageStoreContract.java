package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AckResult;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessageRevision;
import dev.parley.core.model.RevisionKind;
import dev.parley.core.model.RevisionResult;
import dev.parley.core.model.NewUser;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.UserStore;
import dev.parley.core.testing.Concurrently;
import dev.parley.core.testing.UniqueNames;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link MessageStore}. The users are created in {@link #userStore()} first (a SQL
 * store may reference them). Both methods are called before each test and may return shared
 * instances. Timestamps are whole milliseconds, the precision every store must keep.
 */
public abstract class MessageStoreContract {
  private static final String UNICODE = "héllo 👋🏽 世界";

  protected UserStore users;
  protected MessageStore messages;

  protected abstract UserStore userStore();

  protected abstract MessageStore messageStore();

  /**
   * Appends each of 8 threads makes in {@link #concurrentAppendsKeepEveryMailboxGapFree}. 200 keeps
   * a database run short; a fast in-memory store should raise it so the threads really overlap.
   */
  protected int concurrentAppendsPerThread() {
    return 200;
  }

  /**
   * Rounds of {@link #concurrentDuplicatesAreStoredOnce}, each racing 8 threads on one client
   * message id. 50 suits a database; an in-memory store, whose appends finish before a woken
   * thread gets going, needs more rounds to make the race likely.
   */
  protected int concurrentDuplicateRounds() {
    return 50;
  }

  @BeforeEach
  void createStores() {
    users = userStore();
    messages = messageStore();
  }

  private long newUser() {
    return users.create(new NewUser(UniqueNames.email(), UniqueNames.name(), "h")).id();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private AppendResult send(long from, long to, String text) {
    return messages.append(from, to, "c-" + UniqueNames.token(), text, now());
  }

  @Test
  void appendStoresTheMessageInBothMailboxes() {
    long a = newUser();
    long b = newUser();
    Instant sentAt = now();
    AppendResult r = messages.append(a, b, "client-1", UNICODE, sentAt);

    assertThat(r.duplicate()).isFalse();
    Message m = r.message();
    assertThat(m.id()).isPositive();
    assertThat(m).isEqualTo(new Message(m.id(), a, b, "client-1", UNICODE, sentAt));
    assertThat(r.senderEntry()).isEqualTo(new MailboxEntry(a, 1, m));
    assertThat(r.recipientEntry()).isEqualTo(new MailboxEntry(b, 1, m));
    assertThat(messages.readMailbox(a, 0, 10)).containsExactly(r.senderEntry());
    assertThat(messages.readMailbox(b, 0, 10)).containsExactly(r.recipientEntry());
    assertThat(messages.lastSeq(a)).isEqualTo(1);
    assertThat(messages.lastSeq(b)).isEqualTo(1);
  }

  @Test
  void longUnicodeTextAndLongClientIdsSurvive() {
    long a = newUser();
    long b = newUser();
    String text = "😀".repeat(2000); // 4,000 UTF-16 chars, 8,000 bytes of utf8mb4
    String clientId = "x".repeat(Message.MAX_CLIENT_MSG_ID);
    AppendResult r = messages.append(a, b, clientId, text, now());

    Message stored = messages.readMailbox(b, 0, 1).get(0).message();
    assertThat(stored.text()).isEqualTo(text);
    assertThat(stored.clientMsgId()).isEqualTo(clientId);
    assertThat(messages.history(a, b, 0, 1)).containsExactly(r.message());
  }

  @Test
  void appendingToOneselfIsRejected() {
    long a = newUser();
    assertThatThrownBy(() -> messages.append(a, a, "c", "hi", now())).isInstanceOf(IllegalArgumentException.class);
    assertThat(messages.lastSeq(a)).isZero();
  }

  @Test
  void eachMailboxCountsItsOwnSeqs() {
    long a = newUser();
    long b = newUser();
    long c = newUser();
    send(a, b, "1");
    send(a, b, "2");
    AppendResult r = send(c, a, "3");

    assertThat(r.senderEntry().seq()).isEqualTo(1);
    assertThat(r.recipientEntry().seq()).isEqualTo(3);
    assertThat(messages.lastSeq(b)).isEqualTo(2);
  }

  @Test
  void messageIdsIncrease() {
    long a = newUser();
    long b = newUser();
    long c = newUser();
    long first = send(a, b, "1").message().id();
    long second = send(c, a, "2").message().id();
    long third = send(b, c, "3").message().id();
    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
  }

  @Test
  void theDeploymentIdIsShortNonBlankAndStable() {
    String id = messages.deploymentId();
    assertThat(id).isNotBlank().hasSizeLessThanOrEqualTo(64);
    send(newUser(), newUser(), "1");
    assertThat(messages.deploymentId()).isEqualTo(id);
    assertThat(messageStore().deploymentId()).isEqualTo(id);
  }

  @Test
  void aRepeatedClientMessageIdReturnsTheOriginalAndStoresNothing() {
    long a = newUser();
    long b = newUser();
    AppendResult original = messages.append(a, b, "same", "first", now());
    AppendResult repeat = messages.append(a, b, "same", "second", now().plusSeconds(5));

    assertThat(repeat.duplicate()).isTrue();
    assertThat(repeat.senderEntry()).isEqualTo(original.senderEntry());
    assertThat(repeat.recipientEntry()).isEqualTo(original.recipientEntry());
    assertThat(messages.lastSeq(a)).isEqualTo(1);
    assertThat(messages.lastSeq(b)).isEqualTo(1);
    assertThat(messages.readMailbox(b, 0, 10)).extracting(e -> e.message().text()).containsExactly("first");
  }

  @Test
  void clientMessageIdsAreScopedToTheSender() {
    long a = newUser();
    long b = newUser();
    AppendResult fromA = messages.append(a, b, "same", "from a", now());
    AppendResult fromB = messages.append(b, a, "same", "from b", now());
    assertThat(fromB.duplicate()).isFalse();
    assertThat(fromB.message().id()).isNotEqualTo(fromA.message().id());
    assertThat(messages.lastSeq(a)).isEqualTo(2);
  }

  @Test
  void concurrentDuplicatesAreStoredOnce() {
    long a = newUser();
    long b = newUser();
    int rounds = concurrentDuplicateRounds();
    new AppendRaces(messages).duplicatesStoredOnce(a, b, rounds);
    assertThat(messages.lastSeq(a)).isEqualTo(rounds);
    assertThat(messages.lastSeq(b)).isEqualTo(rounds);
  }

  @Test
  void concurrentAppendsKeepEveryMailboxGapFree() {
    long[] people = LongStream.range(0, 12).map(i -> newUser()).toArray();
    new AppendRaces(messages).mailboxesGapFree(people, 8, concurrentAppendsPerThread());
  }

  @Test
  void readMailboxPagesAfterASeq() {
    long a = newUser();
    long b = newUser();
    for (int i = 1; i <= 5; i++) {
      send(i % 2 == 0 ? a : b, i % 2 == 0 ? b : a, "m" + i);
    }

    assertThat(seqs(messages.readMailbox(a, 0, 2))).containsExactly(1L, 2L);
    assertThat(seqs(messages.readMailbox(a, 2, 2))).containsExactly(3L, 4L);
    assertThat(seqs(messages.readMailbox(a, 4, 2))).containsExactly(5L);
    assertThat(seqs(messages.readMailbox(a, 3, 100))).containsExactly(4L, 5L);
    assertThat(messages.readMailbox(a, 5, 10)).isEmpty();
    assertThat(messages.readMailbox(a, 1000, 10)).isEmpty();
    assertThat(messages.readMailbox(a, 0, 10)).extracting(e -> e.message().text())
        .containsExactly("m1", "m2", "m3", "m4", "m5");
    assertThat(messages.readMailbox(a, 0, 10)).allSatisfy(e -> assertThat(e.ownerId()).isEqualTo(a));
  }

  @Test
  void aNewUserHasAnEmptyMailbox() {
    long a = newUser();
    assertThat(messages.readMailbox(a, 0, 10)).isEmpty();
    assertThat(messages.lastSeq(a)).isZero();
    assertThat(messages.ackedSeq(a)).isZero();
    assertThat(messages.conversations(a, 10)).isEmpty();
    assertThat(messages.history(a, newUser(), 0, 10)).isEmpty();
  }

  private static List<Long> seqs(List<MailboxEntry> entries) {
    return entries.stream().map(MailboxEntry::seq).toList();
  }

  @Test
  void historyPagesBackwardsThroughOneConversation() {
    long a = newUser();
    long b = newUser();
    long c = newUser();
    List<Message> between = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      between.add(send(i % 3 == 0 ? b : a, i % 3 == 0 ? a : b, "ab" + i).message());
      send(c, a, "noise" + i);
    }
    List<Message> newestFirst = new ArrayList<>(between);
    newestFirst.sort((x, y) -> Long.compare(y.id(), x.id()));

    List<Message> walked = new ArrayList<>();
    long before = 0;
    List<Message> page;
    while (!(page = messages.history(a, b, before, 3)).isEmpty()) {
      assertThat(page.size()).isLessThanOrEqualTo(3);
      assertThat(walked.size()).as("paging must end").isLessThanOrEqualTo(between.size());
      walked.addAll(page);
      before = page.get(page.size() - 1).id();
    }
    assertThat(walked).containsExactlyElementsOf(newestFirst);
    assertThat(messages.history(b, a, 0, 100)).containsExactlyElementsOf(newestFirst);
    assertThat(messages.history(a, b, newestFirst.get(2).id(), 2)).containsExactlyElementsOf(newestFirst.subList(3, 5));
    assertThat(messages.history(a, b, newestFirst.get(6).id(), 10)).isEmpty();
  }

  @Test
  void conversationsComeMostRecentFirstWithTheirLastMessage() {
    long a = newUser();
    long b = newUser();
    long c = newUser();
    long d = newUser();
    send(a, b, "to b");
    send(d, a, "from d");
    send(a, c, "to c");
    Message lastWithB = send(b, a, "from b").message();

    List<Conversation> list = messages.conversations(a, 10);
    assertThat(list).extracting(Conversation::peerId).containsExactly(b, c, d);
    assertThat(list.get(0).lastMessage()).isEqualTo(lastWithB);
    assertThat(list.get(1).lastMessage().text()).isEqualTo("to c");
    assertThat(messages.conversations(a, 2)).extracting(Conversation::peerId).containsExactly(b, c);
    assertThat(messages.conversations(b, 10)).extracting(Conversation::peerId).containsExactly(a);
  }

  @Test
  void unreadCountsFollowTheAcknowledgedPosition() {
    long a = newUser();
    long b = newUser();
    long c = newUser();
    send(b, a, "seq 1");
    send(a, b, "seq 2, a's own");
    send(b, a, "seq 3");
    send(c, a, "seq 4");

    assertThat(unread(a)).containsExactly(Map.entry(c, 1), Map.entry(b, 2));
    messages.ack(a, 1);
    assertThat(unread(a)).containsExactly(Map.entry(c, 1), Map.entry(b, 1));
    messages.ack(a, 3);
    assertThat(unread(a)).containsExactly(Map.entry(c, 1), Map.entry(b, 0));
    assertThat(unread(b)).containsExactly(Map.entry(a, 1));

    send(c, a, "seq 5");
    assertThat(unread(a)).containsExactly(Map.entry(c, 2), Map.entry(b, 0));
  }

  private List<Map.Entry<Long, Integer>> unread(long owner) {
    return messages.conversations(owner, 10).stream().map(cv -> Map.entry(cv.peerId(), cv.unreadCount())).toList();
  }

  @Test
  void ackOnlyMovesForwardAndNeverPastTheLastSeq() {
    long a = newUser();
    long b = newUser();
    send(b, a, "1");
    send(b, a, "2");
    send(b, a, "3");

    assertThat(messages.ack(a, 2)).isEqualTo(new AckResult(0, 2));
    assertThat(messages.ackedSeq(a)).isEqualTo(2);
    assertThat(messages.ack(a, 1)).isEqualTo(new AckResult(2, 2));
    assertThat(messages.ackedSeq(a)).isEqualTo(2);
    assertThat(messages.ack(a, 2)).isEqualTo(new AckResult(2, 2));
    assertThat(messages.ack(a, 99)).isEqualTo(new AckResult(2, 3));
    assertThat(messages.ackedSeq(a)).isEqualTo(3);
    assertThat(unread(a)).containsExactly(Map.entry(b, 0));
    assertThat(messages.ack(a, 99)).isEqualTo(new AckResult(3, 3));

    send(b, a, "4");
    assertThat(messages.ackedSeq(a)).isEqualTo(3);
    assertThat(unread(a)).containsExactly(Map.entry(b, 1));
    assertThat(messages.ack(a, 4)).isEqualTo(new AckResult(3, 4));

    long fresh = newUser();
    assertThat(messages.ack(fresh, 5)).isEqualTo(new AckResult(0, 0));
    assertThat(messages.ackedSeq(fresh)).isZero();
  }

  /**
   * Two devices acking one mailbox at once, each walking up its own interleaved targets: the
   * results chain without gaps or overlaps (each raise is reported by exactly one ack, from the
   * position the previous raise reached), no ack sees the position go backwards, and the final
   * position is the highest target.
   */
  @Test
  void concurrentAcksReportEveryRaiseOnceAndNeverMoveBackwards() {
    long a = newUser();
    long b = newUser();
    int entries = 60;
    for (int i = 0; i < entries; i++) {
      send(b, a, "m" + i);
    }
    int devices = 4;
    List<List<AckResult>> perDevice = Concurrently.call(devices, d -> {
      List<AckResult> seen = new ArrayList<>();
      for (long target = 1 + d; target <= entries; target += devices) {
        seen.add(messages.ack(a, target));
        // a lower ack from a lagging device on the way
        seen.add(messages.ack(a, Math.max(0, target - devices)));
      }
      return seen;
    });

    List<AckResult> raises = new ArrayList<>();
    for (List<AckResult> seen : perDevice) {
      long floor = 0;
      for (AckResult r : seen) {
        assertThat(r.previousSeq()).as("a device never sees the position go back").isGreaterThanOrEqualTo(floor);
        assertThat(r.ackedSeq()).isGreaterThanOrEqualTo(r.previousSeq()).isLessThanOrEqualTo(entries);
        floor = r.ackedSeq();
        if (r.raised()) {
          raises.add(r);
        }
      }
    }
    raises.sort(Comparator.comparingLong(AckResult::previousSeq));
    long position = 0;
    for (AckResult r : raises) {
      assertThat(r.previousSeq()).as("raises chain without gaps or overlaps: %s", raises).isEqualTo(position);
      position = r.ackedSeq();
    }
    assertThat(position).isEqualTo(entries);
    assertThat(messages.ackedSeq(a)).isEqualTo(entries);
  }

  // ---------------------------------------------------------------- group notices

  private static GroupNotice notice(long groupSeq) {
    return new GroupNotice(UniqueNames.userId(), GroupMessageKind.MEMBER_MUTED, UniqueNames.userId(), groupSeq,
        GroupRole.MEMBER, now().plusSeconds(60), "group " + UNICODE, now());
  }

  @Test
  void aNoticeTakesTheNextMailboxSeqBetweenMessages() {
    long a = newUser();
    long b = newUser();
    send(b, a, "seq 1");
    GroupNotice notice = notice(3);
    MailboxEntry entry = messages.appendNotice(a, notice);
    assertThat(entry).isEqualTo(MailboxEntry.ofNotice(a, 2, notice));
    assertThat(entry.isNotice()).isTrue();
    assertThat(entry.message()).isNull();
    AppendResult after = send(b, a, "seq 3");
    assertThat(after.recipientEntry().seq()).isEqualTo(3);
    assertThat(after.senderEntry().seq()).as("the sender's mailbox has no notice").isEqualTo(2);

    List<MailboxEntry> box = messages.readMailbox(a, 0, 10);
    assertThat(seqs(box)).containsExactly(1L, 2L, 3L);
    assertThat(box).extracting(MailboxEntry::isNotice).containsExactly(false, true, false);
    assertThat(box.get(1)).isEqualTo(entry);
    assertThat(box.get(1).notice()).isEqualTo(notice);
    assertThat(messages.readMailbox(a, 1, 1)).containsExactly(entry);
    assertThat(messages.lastSeq(a)).isEqualTo(3);
    assertThat(messages.lastSeq(b)).isEqualTo(2);
  }

  @Test
  void aNoticeCountsInNoConversationUnreadCountOrHistory() {
    long a = newUser();
    long b = newUser();
    Message m = send(b, a, "the only message").message();
    messages.appendNotice(a, notice(2));
    messages.appendNotice(a, notice(5));

    assertThat(messages.conversations(a, 10)).singleElement().satisfies(c -> {
      assertThat(c.peerId()).isEqualTo(b);
      assertThat(c.lastMessage()).isEqualTo(m);
      assertThat(c.unreadCount()).isEqualTo(1);
    });
    assertThat(messages.history(a, b, 0, 10)).containsExactly(m);
    assertThat(messages.lastSeq(a)).isEqualTo(3);

    assertThat(messages.ack(a, 3)).as("an ack passes notices").isEqualTo(new AckResult(0, 3));
    assertThat(messages.ackedSeq(a)).isEqualTo(3);
    assertThat(unread(a)).containsExactly(Map.entry(b, 0));

    long onlyNotices = newUser();
    GroupNotice n = notice(1);
    messages.appendNotice(onlyNotices, n);
    assertThat(messages.conversations(onlyNotices, 10)).isEmpty();
    assertThat(messages.lastSeq(onlyNotices)).isEqualTo(1);
    assertThat(messages.readMailbox(onlyNotices, 0, 10)).containsExactly(MailboxEntry.ofNotice(onlyNotices, 1, n));
    assertThat(messages.ack(onlyNotices, 5)).isEqualTo(new AckResult(0, 1));
  }

  @Test
  void noticesAndMessagesAppendedConcurrentlyKeepTheMailboxGapFree() {
    long a = newUser();
    long[] senders = LongStream.range(0, 4).map(i -> newUser()).toArray();
    int perThread = 50;
    List<List<Long>> noticeSeqs = Concurrently.call(8, t -> {
      List<Long> mine = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        if (t < 4) {
          send(senders[t], a, "m" + t + "-" + i);
        } else {
          mine.add(messages.appendNotice(a, notice(1 + t * 1000L + i)).seq());
        }
      }
      return mine;
    });

    List<MailboxEntry> box = new ArrayList<>();
    List<MailboxEntry> page;
    long after = 0;
    while (!(page = messages.readMailbox(a, after, 100)).isEmpty()) {
      box.addAll(page);
      after = page.get(page.size() - 1).seq();
    }
    assertThat(seqs(box)).containsExactlyElementsOf(LongStream.rangeClosed(1, 8L * perThread).boxed().toList());
    assertThat(box).filteredOn(MailboxEntry::isNotice).hasSize(4 * perThread);
    Set<Long> groupSeqs = new HashSet<>();
    box.stream().filter(MailboxEntry::isNotice).forEach(e -> groupSeqs.add(e.notice().groupSeq()));
    assertThat(groupSeqs).as("every notice stored once").hasSize(4 * perThread);
    List<Long> acknowledged = noticeSeqs.stream().flatMap(List::stream).toList();
    assertThat(box.stream().filter(MailboxEntry::isNotice).map(MailboxEntry::seq).toList())
        .containsExactlyInAnyOrderElementsOf(acknowledged);
    assertThat(messages.lastSeq(a)).isEqualTo(8L * perThread);
    assertThat(messages.conversations(a, 10)).hasSize(4)
        .allSatisfy(c -> assertThat(c.unreadCount()).isEqualTo(perThread));
  }

  // ---- revisions (recall, edit, delete for me) ----

  @Test
  void findInMailboxSeesOnlyTheOwnersMessages() {
    long a = newUser();
    long b = newUser();
    long outsider = newUser();
    Message m = send(a, b, "hi").message();
    assertThat(messages.findInMailbox(a, m.id())).contains(m);
    assertThat(messages.findInMailbox(b, m.id())).contains(m);
    assertThat(messages.findInMailbox(outsider, m.id())).isEmpty();
    assertThat(messages.findInMailbox(a, m.id() + 1000)).isEmpty();
    messages.appendNotice(a, notice(7));
    Message later = send(b, a, "later").message();
    assertThat(messages.findInMailbox(a, later.id())).contains(later);
    assertThat(messages.findInMailbox(a, m.id())).contains(m);
  }

  @Test
  void aRecallAppendsAnEntryToBothMailboxesAndServesTheRecalledOriginal() {
    long a = newUser();
    long b = newUser();
    Message m = send(a, b, "oops").message();
    send(b, a, "reply");
    Instant at = now();
    RevisionResult r = messages.revise(a, m.id(), RevisionKind.RECALLED, "", at);

    assertThat(r.duplicate()).isFalse();
    assertThat(r.message().recalled()).isTrue();
    assertThat(r.message().text()).isEmpty();
    assertThat(r.entries()).containsExactly(
        MailboxEntry.ofRevision(a, 3, new MessageRevision(m.id(), RevisionKind.RECALLED, "", a, at, b)),
        MailboxEntry.ofRevision(b, 3, new MessageRevision(m.id(), RevisionKind.RECALLED, "", a, at, a)));
    for (long owner : new long[] {a, b}) {
      List<MailboxEntry> box = messages.readMailbox(owner, 0, 10);
      assertThat(seqs(box)).containsExactly(1L, 2L, 3L);
      assertThat(box.get(0).message()).satisfies(original -> {
        assertThat(original.id()).isEqualTo(m.id());
        assertThat(original.recalled()).isTrue();
        assertThat(original.text()).isEmpty();
        assertThat(original.deleted()).isFalse();
      });
      assertThat(box.get(2).isRevision()).isTrue();
      assertThat(messages.findInMailbox(owner, m.id())).get().extracting(Message::recalled).isEqualTo(true);
      assertThat(messages.history(owner, m.peerOf(owner), 0, 10)).extracting(Message::recalled)
          .containsExactly(false, true);
      assertThat(messages.lastSeq(owner)).isEqualTo(3);
    }
    Message appended = send(a, b, "after").message();
    assertThat(messages.findInMailbox(b, appended.id())).isPresent();
    assertThat(messages.readMailbox(b, 3, 10)).singleElement().extracting(MailboxEntry::seq).isEqualTo(4L);
  }

  @Test
  void anEditReplacesTheTextEverywhereAndKeepsTheOriginalsPlace() {
    long a = newUser();
    long b = newUser();
    Message m = send(a, b, "teh typo").message();
    Instant at = now().plusMillis(5);
    RevisionResult r = messages.revise(a, m.id(), RevisionKind.EDITED, UNICODE, at);
    assertThat(r.message().text()).isEqualTo(UNICODE);
    assertThat(r.message().editedAt()).isEqualTo(at);
    assertThat(r.entries()).extracting(e -> e.revision().text()).containsExactly(UNICODE, UNICODE);
    RevisionResult again = messages.revise(a, m.id(), RevisionKind.EDITED, "second", at.plusMillis(1));
    assertThat(again.entries()).extracting(MailboxEntry::seq).containsExactly(3L, 3L);

    assertThat(messages.readMailbox(b, 0, 10).get(0).message().text()).isEqualTo("second");
    assertThat(messages.history(b, a, 0, 10)).singleElement().satisfies(h -> {
      assertThat(h.text()).isEqualTo("second");
      assertThat(h.editedAt()).isEqualTo(at.plusMillis(1));
      assertThat(h.recalled()).isFalse();
    });
    assertThat(messages.conversations(b, 10)).singleElement()
        .satisfies(c -> assertThat(c.lastMessage().text()).isEqualTo("second"));
  }

  @Test
  void revisionEntriesCountInNoUnreadCountConversationOrHistory() {
    long a = newUser();
    long b = newUser();
    Message first = send(a, b, "one").message();
    Message second = send(a, b, "two").message();
    messages.ack(b, 2);
    messages.revise(a, first.id(), RevisionKind.EDITED, "one!", now());
    messages.revise(a, second.id(), RevisionKind.RECALLED, "", now());
    assertThat(messages.lastSeq(b)).isEqualTo(4);
    assertThat(messages.conversations(b, 10)).singleElement().satisfies(c -> {
      assertThat(c.unreadCount()).isZero();
      assertThat(c.lastMessage().id()).isEqualTo(second.id());
      assertThat(c.lastMessage().recalled()).isTrue();
    });
    assertThat(messages.history(b, a, 0, 10)).hasSize(2);
  }

  @Test
  void aSecondRecallIsADuplicateAndEditingARecalledMessageIsRefused() {
    long a = newUser();
    long b = newUser();
    Message m = send(a, b, "x").message();
    messages.revise(a, m.id(), RevisionKind.RECALLED, "", now());
    RevisionResult again = messages.revise(a, m.id(), RevisionKind.RECALLED, "", now());
    assertThat(again.duplicate()).isTrue();
    assertThat(again.entries()).isEmpty();
    assertThat(again.message().recalled()).isTrue();
    assertThatThrownBy(() -> messages.revise(a, m.id(), RevisionKind.EDITED, "y", now()))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_ALLOWED));
    assertThat(messages.lastSeq(a)).isEqualTo(2);
    assertThat(messages.lastSeq(b)).isEqualTo(2);
  }

  @Test
  void onlyTheSenderRecallsOrEditsAndOutsidersFindNothing() {
    long a = newUser();
    long b = newUser();
    long outsider = newUser();
    Message m = send(a, b, "x").message();
    for (RevisionKind kind : List.of(RevisionKind.RECALLED, RevisionKind.EDITED)) {
      assertThatThrownBy(() -> messages.revise(b, m.id(), kind, "y", now()))
          .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_ALLOWED));
    }
    for (RevisionKind kind : RevisionKind.values()) {
      assertThatThrownBy(() -> messages.revise(outsider, m.id(), kind, "y", now()))
          .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
    assertThat(messages.lastSeq(a)).isEqualTo(1);
    assertThat(messages.lastSeq(b)).isEqualTo(1);
    assertThat(messages.lastSeq(outsider)).isZero();
    assertThat(messages.findInMailbox(b, m.id())).contains(m);
  }

  @Test
  void deleteForMeHidesTheMessageFromTheOwnerOnly() {
    long a = newUser();
    long b = newUser();
    Message older = send(a, b, "older").message();
    Message m = send(b, a, "to hide").message();
    Instant at = now();
    RevisionResult r = messages.revise(a, m.id(), RevisionKind.DELETED, "", at);
    assertThat(r.entries()).containsExactly(
        MailboxEntry.ofRevision(a, 3, new MessageRevision(m.id(), RevisionKind.DELETED, "", a, at, b)));
    assertThat(r.message().deleted()).isTrue();
    assertThat(r.message().text()).isEmpty();

    List<MailboxEntry> box = messages.readMailbox(a, 0, 10);
    assertThat(seqs(box)).containsExactly(1L, 2L, 3L);
    assertThat(box.get(1).message().deleted()).isTrue();
    assertThat(box.get(1).message().text()).isEmpty();
    assertThat(messages.history(a, b, 0, 10)).containsExactly(older);
    assertThat(messages.conversations(a, 10)).singleElement()
        .satisfies(c -> assertThat(c.lastMessage()).isEqualTo(older));

    assertThat(messages.lastSeq(b)).as("the other side is untouched").isEqualTo(2);
    assertThat(messages.history(b, a, 0, 10)).containsExactly(m, older);
    assertThat(messages.readMailbox(b, 0, 10).get(1).message()).isEqualTo(m);

    assertThat(messages.revise(a, m.id(), RevisionKind.DELETED, "", now()).duplicate()).isTrue();
    assertThat(messages.lastSeq(a)).isEqualTo(3);
    messages.revise(a, older.id(), RevisionKind.DELETED, "", now());
    assertThat(messages.conversations(a, 10)).as("every message deleted: no conversation").isEmpty();
    assertThat(messages.history(a, b, 0, 10)).isEmpty();
    Message next = send(b, a, "new").message();
    assertThat(messages.conversations(a, 10)).singleElement()
        .satisfies(c -> assertThat(c.lastMessage()).isEqualTo(next));
  }

  @Test
  void aRecallOfAMessageTheRecipientDeletedKeepsItDeletedThere() {
    long a = newUser();
    long b = newUser();
    Message m = send(a, b, "x").message();
    messages.revise(b, m.id(), RevisionKind.DELETED, "", now());
    messages.revise(a, m.id(), RevisionKind.RECALLED, "", now());
    Message seenByB = messages.findInMailbox(b, m.id()).orElseThrow();
    assertThat(seenByB.deleted()).isTrue();
    assertThat(seenByB.recalled()).isTrue();
    assertThat(messages.findInMailbox(a, m.id()).orElseThrow().deleted()).isFalse();
    assertThat(messages.lastSeq(b)).isEqualTo(3);
  }

  @Test
  void revisionsAndAppendsConcurrentlyKeepBothMailboxesGapFree() {
    long a = newUser();
    long b = newUser();
    int perThread = 30;
    List<Message> targets = new ArrayList<>();
    for (int i = 0; i < 4 * perThread; i++) {
      targets.add(send(a, b, "t" + i).message());
    }
    Concurrently.call(8, t -> {
      for (int i = 0; i < perThread; i++) {
        if (t < 4) {
          send(t % 2 == 0 ? a : b, t % 2 == 0 ? b : a, "m" + t + "-" + i);
        } else {
          Message target = targets.get((t - 4) * perThread + i);
          messages.revise(a, target.id(), t % 2 == 0 ? RevisionKind.RECALLED : RevisionKind.EDITED, "e" + i, now());
        }
      }
      return null;
    });
    long expected = 4L * perThread + 4L * perThread + 4L * perThread;
    for (long owner : new long[] {a, b}) {
      List<MailboxEntry> box = new ArrayList<>();
      List<MailboxEntry> page;
      long after = 0;
      while (!(page = messages.readMailbox(owner, after, 100)).isEmpty()) {
        box.addAll(page);
        after = page.get(page.size() - 1).seq();
      }
      assertThat(seqs(box)).containsExactlyElementsOf(LongStream.rangeClosed(1, expected).boxed().toList());
      assertThat(box).filteredOn(MailboxEntry::isRevision).hasSize(4 * perThread);
      // each revision entry comes after the message it names
      Map<Long, Long> seqOfMessage = new java.util.HashMap<>();
      box.stream().filter(e -> e.message() != null).forEach(e -> seqOfMessage.put(e.message().id(), e.seq()));
      box.stream().filter(MailboxEntry::isRevision)
          .forEach(e -> assertThat(seqOfMessage.get(e.revision().messageId())).isLessThan(e.seq()));
    }
  }
}
