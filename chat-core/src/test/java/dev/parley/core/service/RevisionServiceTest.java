package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRevisionResult;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.RevisionKind;
import dev.parley.core.model.RevisionResult;
import dev.parley.core.model.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RevisionService} on the in-memory stores with a {@link dev.parley.core.testing.MutableClock}:
 * the windows, who may revise, duplicates, what an outsider learns, and what is published.
 */
class RevisionServiceTest {
  private GroupFixture g;
  private final List<RevisionResult> revised = new ArrayList<>();
  private final List<GroupMessage> groupRevised = new ArrayList<>();
  private final List<String> origins = new ArrayList<>();
  private RevisionService service;
  private User kim;
  private User lee;
  private User outsider;

  @BeforeEach
  void setUp() {
    g = new GroupFixture();
    ChatEvents events = new ChatEvents() {
      @Override
      public void messageRevised(RevisionResult result, String originSessionId) {
        revised.add(result);
        origins.add(originSessionId);
      }

      @Override
      public void groupMessageRevised(GroupMessage revision, long[] memberIds, String originSessionId) {
        groupRevised.add(revision);
        origins.add(originSessionId);
      }
    };
    service = new RevisionService(g.messageStore, g.groupStore, events, g.f.limits, g.clock,
        draft -> {
          assertThat(draft.edit()).isTrue();
          return draft.text().replace("darn", "d**n");
        });
    kim = g.user("kim");
    lee = g.friendOf("lee", kim);
    outsider = g.user("out");
  }

  private Message send(User from, User to, String text) {
    return g.f.messages.send(from.id(), to.id(), "c-" + System.nanoTime(), text).message();
  }

  @Test
  void theSenderRecallsWithinTheWindowAndBothMailboxesGetAnEntry() {
    Message m = send(kim, lee, "oops");
    g.clock.advance(Duration.ofMinutes(2));
    RevisionResult r = service.recall(kim.id(), "kim-phone", m.id());
    assertThat(r.duplicate()).isFalse();
    assertThat(r.entries()).extracting(MailboxEntry::ownerId).containsExactly(kim.id(), lee.id());
    assertThat(revised).containsExactly(r);
    assertThat(origins).containsExactly("kim-phone");
    assertThat(g.f.messages.history(lee.id(), kim.id(), 0, 10).messages()).singleElement()
        .satisfies(h -> assertThat(h.recalled()).isTrue());
    assertThat(g.f.messages.sync(lee.id(), 0, 10).entries()).extracting(MailboxEntry::isRevision)
        .containsExactly(false, true);
  }

  @Test
  void aRecallPastTheWindowIsTooLateAndNamesTheWindow() {
    Message m = send(kim, lee, "oops");
    g.clock.advance(Duration.ofMinutes(2).plusMillis(1));
    ChatException e = expectError(ErrorCode.TOO_LATE, () -> service.recall(kim.id(), null, m.id()));
    assertThat(e.getMessage()).contains("2 minutes");
    assertThat(revised).isEmpty();
    assertThat(g.messageStore.lastSeq(lee.id())).isEqualTo(1);
  }

  @Test
  void revisionsShareOneBudgetPerUserAcrossServicesThatShareTheLimiter() {
    InMemoryRateLimiter shared = new InMemoryRateLimiter(g.clock);
    RevisionService nodeA = new RevisionService(g.messageStore, g.groupStore, ChatEvents.NONE, g.f.limits, g.clock,
        RevisionService.EditCheck.NONE, shared);
    RevisionService nodeB = new RevisionService(g.messageStore, g.groupStore, ChatEvents.NONE, g.f.limits, g.clock,
        RevisionService.EditCheck.NONE, shared);
    User a = g.user("a");
    User b = g.friendOf("b", a);
    Message m = g.f.messages.send(a.id(), b.id(), "c-1", "x").message();
    for (int i = 0; i < RevisionService.REVISIONS_PER_WINDOW; i++) {
      (i % 2 == 0 ? nodeA : nodeB).edit(a.id(), null, m.id(), "take " + i);
    }

    ChatException refused = expectError(ErrorCode.RATE_LIMITED, () -> nodeB.deleteForMe(a.id(), null, m.id()));

    assertThat(refused.retryAfter()).isPositive();
    assertThat(refused.getMessage()).contains("60 recalls, edits and deletes per 1 minute");
    expectError(ErrorCode.RATE_LIMITED, () -> nodeA.recall(a.id(), null, m.id()));
    // the other user's budget is their own, and the stored message kept the last accepted edit
    nodeA.deleteForMe(b.id(), null, m.id());
    assertThat(g.messageStore.findInMailbox(a.id(), m.id()).orElseThrow().text()).isEqualTo("take 59");
    g.clock.advance(RevisionService.REVISION_WINDOW);
    assertThat(nodeB.recall(a.id(), null, m.id()).duplicate()).isFalse();
  }

  @Test
  void theWindowsAreConfigurable() {
    GroupFixture custom = new GroupFixture(ChatLimits.defaults().withRecallWindow(Duration.ofSeconds(30))
        .withEditWindow(Duration.ofHours(1)));
    RevisionService s = new RevisionService(custom.messageStore, custom.groupStore, ChatEvents.NONE, custom.f.limits,
        custom.clock);
    User a = custom.user("a");
    User b = custom.friendOf("b", a);
    Message m = custom.f.messages.send(a.id(), b.id(), "c-1", "x").message();
    custom.clock.advance(Duration.ofSeconds(31));
    assertThat(expectError(ErrorCode.TOO_LATE, () -> s.recall(a.id(), null, m.id())).getMessage())
        .contains("30 seconds");
    s.edit(a.id(), null, m.id(), "still editable");
    custom.clock.advance(Duration.ofHours(1));
    assertThat(expectError(ErrorCode.TOO_LATE, () -> s.edit(a.id(), null, m.id(), "y")).getMessage())
        .contains("1 hour");
  }

  @Test
  void aSecondRecallIsADuplicateEvenPastTheWindowAndPublishesNothing() {
    Message m = send(kim, lee, "oops");
    service.recall(kim.id(), null, m.id());
    g.clock.advance(Duration.ofHours(1));
    RevisionResult again = service.recall(kim.id(), null, m.id());
    assertThat(again.duplicate()).isTrue();
    assertThat(revised).hasSize(1);
  }

  @Test
  void onlyTheSenderRecallsOrEditsAndOutsidersLearnNothing() {
    Message m = send(kim, lee, "hi");
    expectError(ErrorCode.NOT_ALLOWED, () -> service.recall(lee.id(), null, m.id()));
    expectError(ErrorCode.NOT_ALLOWED, () -> service.edit(lee.id(), null, m.id(), "x"));
    ChatException recall = expectError(ErrorCode.NOT_FOUND, () -> service.recall(outsider.id(), null, m.id()));
    ChatException missing = expectError(ErrorCode.NOT_FOUND, () -> service.recall(outsider.id(), null, m.id() + 99));
    assertThat(recall.getMessage()).isEqualTo(missing.getMessage().replace(String.valueOf(m.id() + 99),
        String.valueOf(m.id())));
    expectError(ErrorCode.NOT_FOUND, () -> service.edit(outsider.id(), null, m.id(), "x"));
    expectError(ErrorCode.NOT_FOUND, () -> service.deleteForMe(outsider.id(), null, m.id()));
    expectError(ErrorCode.BAD_REQUEST, () -> service.recall(kim.id(), null, 0));
    assertThat(revised).isEmpty();
  }

  @Test
  void anEditIsCheckedLikeANewMessageAndPassesTheInterceptor() {
    Message m = send(kim, lee, "teh");
    expectError(ErrorCode.BAD_REQUEST, () -> service.edit(kim.id(), null, m.id(), "   "));
    expectError(ErrorCode.TEXT_TOO_LONG, () -> service.edit(kim.id(), null, m.id(), "x".repeat(4001)));
    g.clock.advance(Duration.ofHours(23));
    RevisionResult r = service.edit(kim.id(), null, m.id(), "darn typo");
    assertThat(r.message().text()).isEqualTo("d**n typo");
    assertThat(r.message().editedAt()).isEqualTo(g.clock.instant());
    assertThat(r.entries()).allSatisfy(e -> assertThat(e.revision().text()).isEqualTo("d**n typo"));
    g.clock.advance(Duration.ofHours(1).plusMillis(1));
    assertThat(expectError(ErrorCode.TOO_LATE, () -> service.edit(kim.id(), null, m.id(), "late")).getMessage())
        .contains("24 hours");
  }

  @Test
  void aRecalledMessageCannotBeEdited() {
    Message m = send(kim, lee, "x");
    service.recall(kim.id(), null, m.id());
    ChatException e = expectError(ErrorCode.NOT_ALLOWED, () -> service.edit(kim.id(), null, m.id(), "y"));
    assertThat(e.getMessage()).contains("recalled");
  }

  @Test
  void eitherParticipantDeletesForThemselvesOnlyAtAnyTime() {
    Message m = send(kim, lee, "x");
    g.clock.advance(Duration.ofDays(30));
    RevisionResult r = service.deleteForMe(lee.id(), "lee-laptop", m.id());
    assertThat(r.entries()).singleElement().satisfies(e -> {
      assertThat(e.ownerId()).isEqualTo(lee.id());
      assertThat(e.revision().kind()).isEqualTo(RevisionKind.DELETED);
    });
    assertThat(g.f.messages.history(lee.id(), kim.id(), 0, 10).messages()).isEmpty();
    assertThat(g.f.messages.history(kim.id(), lee.id(), 0, 10).messages()).hasSize(1);
    assertThat(service.deleteForMe(lee.id(), null, m.id()).duplicate()).isTrue();
    service.deleteForMe(kim.id(), null, m.id());
    assertThat(revised).hasSize(2);
  }

  // ---- groups ----

  @Test
  void anAdminRecallsAMembersMessageAtAnyTimeAndTheSenderOnlyWithinTheWindow() {
    User admin = g.friendOf("adm", kim);
    User member = g.friendOf("mem", kim);
    Group group = g.group(kim, admin, member, lee);
    g.makeAdmin(group, admin);
    GroupMessage m1 = g.send(member, group, "one").message();
    GroupMessage m2 = g.send(member, group, "two").message();
    g.clock.advance(Duration.ofHours(5));
    expectError(ErrorCode.TOO_LATE, () -> service.recallGroupMessage(member.id(), null, group.id(), m1.seq()));
    expectError(ErrorCode.NOT_ALLOWED, () -> service.recallGroupMessage(lee.id(), null, group.id(), m1.seq()));
    GroupRevisionResult byAdmin = service.recallGroupMessage(admin.id(), "adm-1", group.id(), m1.seq());
    assertThat(byAdmin.entry().kind()).isEqualTo(GroupMessageKind.MESSAGE_RECALLED);
    assertThat(byAdmin.entry().senderId()).isEqualTo(admin.id());
    assertThat(byAdmin.entry().targetSeq()).isEqualTo(m1.seq());
    service.recallGroupMessage(kim.id(), null, group.id(), m2.seq());
    assertThat(groupRevised).hasSize(2);
    assertThat(service.recallGroupMessage(member.id(), null, group.id(), m1.seq()).duplicate()).isTrue();
    assertThat(groupRevised).hasSize(2);
  }

  @Test
  void onlyTheSenderEditsAGroupMessageWithinTheWindow() {
    User member = g.friendOf("mem", kim);
    Group group = g.group(kim, member);
    GroupMessage m = g.send(member, group, "teh").message();
    expectError(ErrorCode.NOT_ALLOWED, () -> service.editGroupMessage(kim.id(), null, group.id(), m.seq(), "x"));
    GroupRevisionResult r = service.editGroupMessage(member.id(), null, group.id(), m.seq(), "the darn");
    assertThat(r.entry().text()).isEqualTo("the d**n");
    assertThat(r.target().text()).isEqualTo("the d**n");
    assertThat(g.log(group).get((int) m.seq() - 1).editedAt()).isEqualTo(g.clock.instant());
    g.clock.advance(Duration.ofHours(24).plusMillis(1));
    expectError(ErrorCode.TOO_LATE, () -> service.editGroupMessage(member.id(), null, group.id(), m.seq(), "y"));
  }

  @Test
  void groupRevisionsNeedAMemberAVisibleTextEntry() {
    User member = g.friendOf("mem", kim);
    Group group = g.group(kim, member);
    GroupMessage m = g.send(member, group, "before lee").message();
    expectError(ErrorCode.NOT_A_MEMBER, () -> service.recallGroupMessage(outsider.id(), null, group.id(), m.seq()));
    expectError(ErrorCode.NOT_FOUND, () -> service.recallGroupMessage(kim.id(), null, group.id(), 1));
    expectError(ErrorCode.NOT_FOUND, () -> service.recallGroupMessage(kim.id(), null, group.id(), 999));
    g.groups.invite(kim.id(), group.id(), List.of(lee.id()));
    expectError(ErrorCode.NOT_FOUND, () -> service.recallGroupMessage(lee.id(), null, group.id(), m.seq()));
    expectError(ErrorCode.NOT_FOUND, () -> service.recallGroupMessage(kim.id(), null, group.id() + 1000, 1));
    assertThat(groupRevised).isEmpty();
  }
}
