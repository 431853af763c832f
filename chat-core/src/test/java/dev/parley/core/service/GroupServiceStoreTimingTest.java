package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupLogPage;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.User;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.testing.ForwardingGroupStore;
import dev.parley.core.testing.ForwardingMessageStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupService} over stores that complete appends later, fail to store a notice, or change
 * between two of the service's calls.
 */
class GroupServiceStoreTimingTest {
  private final GroupFixture g = new GroupFixture();
  private final User alice = g.user("Alice");
  private final User bob = g.friendOf("Bob", alice);
  private final User carol = g.friendOf("Carol", alice);
  private final Group group = g.group(alice, bob, carol);

  // ---- appends that complete later ----

  @Test
  void aSendIsPublishedOnlyWhenTheStoreHasStoredIt() {
    LaterStore later = new LaterStore(g.groupStore);
    GroupService service = service(later, g.messageStore);

    CompletableFuture<GroupAppendResult> sent = service.sendAsync(bob.id(), "bob-1", group.id(), "m1", "later");

    assertThat(sent).isNotDone();
    assertThat(g.events.groupMessages()).isEmpty();
    later.complete();
    assertThat(sent).isCompletedWithValueMatching(r -> !r.duplicate() && r.message().seq() == 2);
    assertThat(g.events.groupMessages()).singleElement().satisfies(e -> {
      assertThat(e.originSessionId()).isEqualTo("bob-1");
      assertThat(e.memberIds()).containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id());
    });

    CompletableFuture<GroupAppendResult> retry = service.sendAsync(bob.id(), "bob-1", group.id(), "m1", "later");
    later.complete();
    assertThat(retry).isCompletedWithValueMatching(GroupAppendResult::duplicate);
    assertThat(g.events.groupMessages()).as("a duplicate publishes nothing").hasSize(1);
  }

  @Test
  void aSenderRemovedBeforeTheAppendGetsNotAMemberThroughTheFuture() {
    LaterStore later = new LaterStore(g.groupStore);
    GroupService service = service(later, g.messageStore);
    CompletableFuture<GroupAppendResult> sent = service.sendAsync(carol.id(), null, group.id(), "c1", "racing");

    g.groups.kick(alice.id(), group.id(), carol.id()); // between the service's check and the store's append
    g.events.clear();
    later.complete();

    Throwable thrown = catchThrowable(sent::join);
    assertThat(thrown).isInstanceOf(CompletionException.class).cause().isInstanceOf(ChatException.class);
    assertThat(((ChatException) thrown.getCause()).code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
    assertThat(g.events.groupMessages()).isEmpty();
    assertThat(g.log(group)).extracting(GroupMessage::kind).doesNotContain(GroupMessageKind.TEXT);
  }

  @Test
  void theBlockingSendThrowsTheStoresChatExceptionItself() {
    ChatException removed = new ChatException(ErrorCode.NOT_A_MEMBER, "removed meanwhile");
    GroupService service = service(new ForwardingGroupStore(g.groupStore) {
      @Override
      public CompletableFuture<GroupAppendResult> appendAsync(long groupId, long senderId, String clientMsgId,
          String text, Instant sentAt) {
        return CompletableFuture.failedFuture(removed);
      }
    }, g.messageStore);

    ChatException e = expectError(ErrorCode.NOT_A_MEMBER, () -> service.send(bob.id(), null, group.id(), "b1", "x"));

    assertThat(e).as("not wrapped in a CompletionException").isSameAs(removed);
  }

  // ---- notices that cannot be stored ----

  @Test
  void aNoticeThatCannotBeStoredLeavesTheChangeStandingAndTheOtherNoticesWritten() {
    User dave = g.friendOf("Dave", alice);
    User erin = g.friendOf("Erin", alice);
    MessageStore failingForDave = new ForwardingMessageStore(g.messageStore) {
      @Override
      public MailboxEntry appendNotice(long ownerId, GroupNotice notice) {
        if (ownerId == dave.id()) {
          throw new IllegalStateException("mailbox of " + ownerId + " unavailable");
        }
        return super.appendNotice(ownerId, notice);
      }
    };
    GroupService service = service(g.groupStore, failingForDave);

    service.invite(alice.id(), group.id(), List.of(dave.id(), erin.id()));

    assertThat(g.groupStore.memberIds(group.id())).contains(dave.id(), erin.id());
    assertThat(g.notices(dave)).isEmpty();
    assertThat(g.notices(erin)).extracting(GroupNotice::kind).containsExactly(GroupMessageKind.MEMBERS_JOINED);
    assertThat(g.events.notices()).extracting(MailboxEntry::ownerId).containsExactly(erin.id());
    assertThat(g.events.groupUpdates()).as("the change is published all the same").hasSize(1);
  }

  // ---- the log grows between two calls ----

  // Was a BUG (fixed in main 1492d83): history read the group (its lastSeq) and then the log; an
  // entry appended in between was on the page but above the page's lastSeq, although GroupLogPage
  // promises lastSeq is "at least the page's highest".
  @Test
  void historysLastSeqIsAtLeastTheNewestEntryOnThePage() {
    GroupLogPage page = service(new AppendBeforeRead(g.groupStore, bob, g.clock.instant()), g.messageStore)
        .history(alice.id(), group.id(), 0, 10);

    assertThat(page.messages()).extracting(GroupMessage::seq).containsExactly(2L, 1L);
    assertThat(page.lastSeq()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void syncsLastSeqIsAtLeastTheNewestEntryOnThePage() {
    GroupLogPage page = service(new AppendBeforeRead(g.groupStore, bob, g.clock.instant()), g.messageStore)
        .sync(alice.id(), group.id(), 0, 10);

    assertThat(page.messages()).extracting(GroupMessage::seq).containsExactly(1L, 2L);
    assertThat(page.lastSeq()).isEqualTo(2);
  }

  private GroupService service(GroupStore groups, MessageStore messages) {
    return new GroupService(g.f.users, g.f.friendStore, groups, messages, g.events, g.f.limits, g.f.rateLimiter,
        g.clock);
  }

  /** Holds each append until {@link #complete} runs it, as a group-committing store would. */
  private static final class LaterStore extends ForwardingGroupStore {
    private final AtomicReference<Runnable> pending = new AtomicReference<>();

    LaterStore(GroupStore stored) {
      super(stored);
    }

    @Override
    public CompletableFuture<GroupAppendResult> appendAsync(long groupId, long senderId, String clientMsgId,
        String text, Instant sentAt) {
      CompletableFuture<GroupAppendResult> done = new CompletableFuture<>();
      pending.set(() -> {
        try {
          done.complete(stored.append(groupId, senderId, clientMsgId, text, sentAt));
        } catch (RuntimeException e) {
          done.completeExceptionally(e);
        }
      });
      return done;
    }

    void complete() {
      pending.getAndSet(null).run();
    }
  }

  /** Appends one message by {@code sender} just before the first read of the log, as a concurrent sender would. */
  private static final class AppendBeforeRead extends ForwardingGroupStore {
    private final User sender;
    private final Instant at;
    private boolean appended;

    AppendBeforeRead(GroupStore stored, User sender, Instant at) {
      super(stored);
      this.sender = sender;
      this.at = at;
    }

    private void appendOnce(long groupId) {
      if (!appended) {
        appended = true;
        stored.append(groupId, sender.id(), "meanwhile", "meanwhile", at);
      }
    }

    @Override
    public List<GroupMessage> readAfter(long groupId, long afterSeq, int limit) {
      appendOnce(groupId);
      return super.readAfter(groupId, afterSeq, limit);
    }

    @Override
    public List<GroupMessage> readBefore(long groupId, long beforeSeq, long floorSeq, int limit) {
      appendOnce(groupId);
      return super.readBefore(groupId, beforeSeq, floorSeq, limit);
    }
  }
}
