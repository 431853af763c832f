package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ErrorCode;
import dev.parley.core.hooks.MessageInterceptor;
import dev.parley.core.hooks.MessageInterceptor.Draft;
import dev.parley.core.hooks.MessageInterceptor.Verdict;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.Message;
import dev.parley.core.model.User;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The message policy inside {@link MessageService} and {@link GroupService}: it runs after the send
 * is authorised and before it is stored; a refusal stores and publishes nothing, a replacement is
 * what is stored and published, and a retry of a stored message is not stored twice.
 */
class MessageServicePolicyTest {
  private final List<Draft> seen = new CopyOnWriteArrayList<>();
  private final MessageInterceptor filter = d -> {
    seen.add(d);
    if (d.text().contains("spam")) {
      return Verdict.reject("spam is not allowed here");
    }
    if (d.text().contains("darn")) {
      return Verdict.replace(d.text().replace("darn", "****"));
    }
    if (d.text().contains("grow")) {
      return Verdict.replace(d.text().repeat(1000));
    }
    return Verdict.accept();
  };
  private final MessagePolicy policy = new MessagePolicy(filter,
      MessagePolicy.Settings.defaults().withTimeout(Duration.ofSeconds(5)), ChatLimits.defaults().maxTextLength(),
      "test", MessagePolicy.Observer.NONE);
  private final ServiceFixture f = new ServiceFixture();
  private final MessageService messages = new MessageService(f.users, f.friendStore, f.messageStore, f.events,
      f.limits, f.clock, policy);
  private final GroupFixture g = new GroupFixture();
  private final GroupService groups = new GroupService(g.f.users, g.f.friendStore, g.groupStore, g.messageStore,
      g.events, g.f.limits, g.f.rateLimiter, g.clock, policy);

  @AfterEach
  void close() {
    policy.close();
  }

  @Test
  void aRejectedMessageIsNeitherStoredNorPublished() {
    User ann = f.user("ann");
    User ben = f.user("ben");
    f.befriend(ann, ben);
    var e = expectError(ErrorCode.REJECTED_BY_POLICY, () -> messages.send(ann.id(), ben.id(), "c-1", "buy spam"));
    assertThat(e.detail()).isEqualTo("spam is not allowed here");
    assertThat(f.messageStore.lastSeq(ben.id())).isZero();
    assertThat(f.messageStore.lastSeq(ann.id())).isZero();
    assertThat(f.events.stored()).isEmpty();
    assertThat(seen).containsExactly(new Draft(ann.id(), ben.id(), 0, "c-1", "buy spam", false));
  }

  @Test
  void aReplacedTextIsWhatIsStoredAndPublished() {
    User ann = f.user("ann");
    User ben = f.user("ben");
    f.befriend(ann, ben);
    AppendResult sent = messages.sendAsync(ann.id(), ben.id(), "c-1", "oh darn").join();
    assertThat(sent.message().text()).isEqualTo("oh ****");
    assertThat(messages.history(ben.id(), ann.id(), 0, 10).messages()).extracting(Message::text)
        .containsExactly("oh ****");
    assertThat(f.events.stored()).extracting(r -> r.recipientEntry().message().text()).containsExactly("oh ****");
  }

  @Test
  void aReplacementPastTheLimitIsRefusedAndNotStored() {
    User ann = f.user("ann");
    User ben = f.user("ben");
    f.befriend(ann, ben);
    expectError(ErrorCode.TEXT_TOO_LONG, () -> messages.send(ann.id(), ben.id(), "c-1", "grow please"));
    assertThat(f.messageStore.lastSeq(ben.id())).isZero();
  }

  @Test
  void anUnauthorisedSendNeverReachesTheInterceptor() {
    User ann = f.user("ann");
    User stranger = f.user("stranger");
    expectError(ErrorCode.NOT_FRIENDS, () -> messages.send(ann.id(), stranger.id(), "c-1", "hello"));
    expectError(ErrorCode.BAD_REQUEST, () -> messages.send(ann.id(), stranger.id(), "c-2", " "));
    assertThat(seen).isEmpty();
  }

  @Test
  void aRetryOfAStoredMessageReturnsTheOriginalAndStoresNoSecondCopy() {
    User ann = f.user("ann");
    User ben = f.user("ben");
    f.befriend(ann, ben);
    AppendResult first = messages.send(ann.id(), ben.id(), "c-1", "oh darn");
    AppendResult retry = messages.send(ann.id(), ben.id(), "c-1", "oh darn");
    assertThat(retry.duplicate()).isTrue();
    assertThat(retry.message().id()).isEqualTo(first.message().id());
    assertThat(retry.message().text()).isEqualTo("oh ****");
    assertThat(f.messageStore.lastSeq(ben.id())).isEqualTo(1);
    assertThat(f.events.stored()).hasSize(1);
  }

  @Test
  void groupMessagesAreInterceptedToo() {
    User owner = g.user("owner");
    User member = g.friendOf("member", owner);
    Group group = g.group(owner, member);
    expectError(ErrorCode.REJECTED_BY_POLICY, () -> groups.send(owner.id(), null, group.id(), "c-1", "spam!"));
    GroupAppendResult replaced = groups.send(owner.id(), null, group.id(), "c-2", "darn it");
    assertThat(replaced.message().text()).isEqualTo("**** it");
    assertThat(groups.history(member.id(), group.id(), 0, 50).messages()).extracting(GroupMessage::text)
        .contains("**** it").doesNotContain("spam!");
    assertThat(g.events.groupMessages()).extracting(m -> m.message().text()).containsExactly("**** it");
    assertThat(seen).extracting(Draft::groupId).containsOnly(group.id());
    assertThat(seen).extracting(Draft::recipientId).containsOnly(0L);
  }

  @Test
  void aGroupSendThatIsNotAllowedNeverReachesTheInterceptor() {
    User owner = g.user("owner");
    User outsider = g.user("outsider");
    Group group = g.group(owner);
    expectError(ErrorCode.NOT_A_MEMBER, () -> groups.send(outsider.id(), null, group.id(), "c-1", "hi"));
    assertThat(seen).isEmpty();
  }
}
