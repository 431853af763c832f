package dev.parley.storage.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.User;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.spi.MessageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@link MysqlStorage} instances with separate pools stand in for two chat-node processes
 * writing the same rows at once: mailbox seqs must stay gap-free, duplicates be stored once, and
 * the unique keys decide account and friend-request races.
 */
class MysqlConcurrencyIT {
  private static final int THREADS_PER_STORAGE = 2;
  private static final int APPENDS_PER_THREAD = 20;
  private static final int ROUNDS = 5;

  private TestDatabase db;
  private MysqlStorage node1;
  private MysqlStorage node2;
  private ExecutorService pool;
  private long[] users;

  @BeforeEach
  void start() throws Exception {
    db = new TestDatabase();
    pool = Executors.newFixedThreadPool(2 * THREADS_PER_STORAGE);
    // Both "processes" start (and migrate) at the same time.
    Future<MysqlStorage> first = pool.submit(() -> db.storage().poolName("node1").build());
    Future<MysqlStorage> second = pool.submit(() -> db.storage().poolName("node2").build());
    node1 = first.get(60, TimeUnit.SECONDS);
    node2 = second.get(60, TimeUnit.SECONDS);
    users = new long[3];
    for (int i = 0; i < users.length; i++) {
      users[i] = node1.userStore().create(MysqlStorageIT.newUser("c" + i)).id();
    }
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    try {
      for (MysqlStorage node : new MysqlStorage[] {node1, node2}) {
        if (node != null) {
          node.close();
        }
      }
    } finally {
      db.close();
    }
  }

  @Test
  void concurrentAppendsFromTwoProcessesKeepEveryMailboxGapFree() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<AppendResult>>> futures = new ArrayList<>();
    for (int t = 0; t < 2 * THREADS_PER_STORAGE; t++) {
      MessageStore store = (t % 2 == 0 ? node1 : node2).messageStore();
      int thread = t;
      futures.add(pool.submit(() -> appendMany(store, thread, go)));
    }
    go.countDown();
    List<AppendResult> results = new ArrayList<>();
    for (Future<List<AppendResult>> f : futures) {
      results.addAll(f.get(60, TimeUnit.SECONDS));
    }

    assertThat(results).hasSize(2 * THREADS_PER_STORAGE * APPENDS_PER_THREAD).noneMatch(AppendResult::duplicate);
    for (long user : users) {
      List<MailboxEntry> mailbox = node2.messageStore().readMailbox(user, 0, 10_000);
      long involving = results.stream().filter(r -> r.message().senderId() == user || r.message().recipientId() == user).count();
      assertThat(mailbox).extracting(MailboxEntry::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, involving).boxed().toList());
      assertThat(node1.messageStore().lastSeq(user)).isEqualTo(involving);
      // Within a mailbox, message id order is seq order.
      assertThat(mailbox).extracting(e -> e.message().id()).isSorted();
    }
    Set<Long> ids = new HashSet<>();
    results.forEach(r -> ids.add(r.message().id()));
    assertThat(ids).hasSize(results.size());
  }

  @Test
  void concurrentDuplicatesFromTwoProcessesAreStoredOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      CountDownLatch go = new CountDownLatch(1);
      String clientMsgId = "dup-" + round;
      Callable<AppendResult> viaNode1 = () -> awaitThen(go, () -> node1.messageStore().append(users[0], users[1], clientMsgId, "x", Instant.now()));
      Callable<AppendResult> viaNode2 = () -> awaitThen(go, () -> node2.messageStore().append(users[0], users[1], clientMsgId, "x", Instant.now()));
      Future<AppendResult> a = pool.submit(viaNode1);
      Future<AppendResult> b = pool.submit(viaNode2);
      go.countDown();
      AppendResult ra = a.get(30, TimeUnit.SECONDS);
      AppendResult rb = b.get(30, TimeUnit.SECONDS);

      assertThat(List.of(ra.duplicate(), rb.duplicate())).containsExactlyInAnyOrder(true, false);
      assertThat(ra.senderEntry()).isEqualTo(rb.senderEntry());
      assertThat(ra.recipientEntry()).isEqualTo(rb.recipientEntry());
    }
    assertThat(node1.messageStore().lastSeq(users[0])).isEqualTo(ROUNDS);
    assertThat(node1.messageStore().lastSeq(users[1])).isEqualTo(ROUNDS);
  }

  @Test
  void concurrentSignUpsWithOneEmailCreateOneAccount() throws Exception {
    NewUser wanted = MysqlStorageIT.newUser("race");
    NewUser sameEmail = new NewUser(wanted.email(), wanted.name() + "x", "hash");
    CountDownLatch go = new CountDownLatch(1);
    Future<Object> a = pool.submit(() -> createOrError(node1, wanted, go));
    Future<Object> b = pool.submit(() -> createOrError(node2, sameEmail, go));
    go.countDown();
    List<Object> outcomes = List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));

    assertThat(outcomes).filteredOn(User.class::isInstance).hasSize(1);
    assertThat(outcomes).filteredOn(ErrorCode.class::isInstance).containsExactly(ErrorCode.EMAIL_TAKEN);
    assertThat(node2.userStore().findByEmail(wanted.email())).isPresent();
  }

  @Test
  void crossingFriendRequestsAcceptedAtOnceMakeOneFriendship() throws Exception {
    long a = users[0];
    long b = users[1];
    CountDownLatch go = new CountDownLatch(1);
    Future<FriendRequest> ab = pool.submit(() -> awaitThen(go, () -> node1.friendStore().addRequest(a, b, "hi", "B")));
    Future<FriendRequest> abAgain = pool.submit(() -> awaitThen(go, () -> node2.friendStore().addRequest(a, b, "hello", "B")));
    go.countDown();
    assertThat(ab.get(30, TimeUnit.SECONDS).id()).isEqualTo(abAgain.get(30, TimeUnit.SECONDS).id());
    long ba = node2.friendStore().addRequest(b, a, "hey", "A").id();

    CountDownLatch accept = new CountDownLatch(1);
    long abId = ab.get().id();
    Future<Optional<Friendship>> byB = pool.submit(() -> awaitThen(accept, () -> node1.friendStore().acceptRequest(abId, "A")));
    Future<Optional<Friendship>> byA = pool.submit(() -> awaitThen(accept, () -> node2.friendStore().acceptRequest(ba, "B")));
    accept.countDown();

    assertThat(byB.get(30, TimeUnit.SECONDS)).isPresent();
    assertThat(byA.get(30, TimeUnit.SECONDS)).isPresent();
    assertThat(node1.friendStore().listFriends(a)).extracting(Friendship::friendId).containsExactly(b);
    assertThat(node2.friendStore().listFriends(b)).extracting(Friendship::friendId).containsExactly(a);
    assertThat(node1.friendStore().pendingRequestsTo(a)).isEmpty();
    assertThat(node1.friendStore().pendingRequestsTo(b)).isEmpty();
  }

  private static Object createOrError(MysqlStorage node, NewUser user, CountDownLatch go) throws Exception {
    go.await(30, TimeUnit.SECONDS);
    try {
      return node.userStore().create(user);
    } catch (ChatException e) {
      return e.code();
    }
  }

  private List<AppendResult> appendMany(MessageStore store, int thread, CountDownLatch go) throws Exception {
    go.await(30, TimeUnit.SECONDS);
    List<AppendResult> results = new ArrayList<>();
    for (int i = 0; i < APPENDS_PER_THREAD; i++) {
      // Rotate over every ordered pair so each mailbox is hit from both sides and both lock orders.
      int from = (thread + i) % users.length;
      int to = (from + 1 + (i % 2)) % users.length;
      results.add(store.append(users[from], users[to], "t" + thread + "-" + i, "m" + i, Instant.now()));
    }
    return results;
  }

  private static <T> T awaitThen(CountDownLatch go, Callable<T> action) throws Exception {
    go.await(30, TimeUnit.SECONDS);
    return action.call();
  }
}
