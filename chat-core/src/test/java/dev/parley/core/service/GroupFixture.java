package dev.parley.core.service;

import dev.parley.core.memory.InMemoryGroupStore;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.User;
import dev.parley.core.testing.MutableClock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link GroupService} on a {@link ServiceFixture} (in-memory users, friends and mailboxes, a
 * {@link MutableClock}, recording events) and an {@link InMemoryGroupStore}, with helpers that set
 * up users, friendships and groups and then forget the events they caused. One fixture per test.
 */
final class GroupFixture {
  final ServiceFixture f;
  final MutableClock clock;
  final RecordingChatEvents events;
  final InMemoryMessageStore messageStore;
  final InMemoryGroupStore groupStore = new InMemoryGroupStore();
  final GroupService groups;
  private final AtomicInteger clientMsgIds = new AtomicInteger();

  GroupFixture() {
    this(ChatLimits.defaults());
  }

  GroupFixture(GroupLimits groupLimits) {
    this(ChatLimits.defaults().withGroups(groupLimits));
  }

  GroupFixture(ChatLimits limits) {
    f = new ServiceFixture(limits);
    clock = f.clock;
    events = f.events;
    messageStore = f.messageStore;
    groups = new GroupService(f.users, f.friendStore, groupStore, messageStore, events, limits, f.rateLimiter, clock);
  }

  /**
   * Group limits with every field given: member limit, groups per user, users per request, invite
   * requests, creates and join requests per hour, pending join requests.
   */
  static GroupLimits limits(int maxMembers, int maxGroupsPerUser, int maxInvitesPerRequest, int invites, int creates,
      int joinRequests, int maxPending) {
    return new GroupLimits(maxMembers, maxGroupsPerUser, maxInvitesPerRequest, invites, creates, joinRequests,
        maxPending, Duration.ofHours(1));
  }

  /** A new user with no friends. */
  User user(String prefix) {
    return f.user(prefix);
  }

  /** A new user who is a friend of each of {@code friends}. */
  User friendOf(String prefix, User... friends) {
    User user = f.user(prefix);
    for (User friend : friends) {
      f.befriend(friend, user);
    }
    return user;
  }

  /** An invite-only group owned by {@code owner} with {@code members} (friends of the owner); events forgotten. */
  Group group(User owner, User... members) {
    return group(owner, JoinPolicy.INVITE_ONLY, false, members);
  }

  /** A group with the given policy and invite setting; events forgotten. */
  Group group(User owner, JoinPolicy policy, boolean membersCanInvite, User... members) {
    Group group = groups.create(owner.id(), "Team", ids(members), policy, membersCanInvite, "", "").group();
    events.clear();
    return group;
  }

  /** Makes {@code member} an admin of the group through the service; events forgotten. */
  void makeAdmin(Group group, User member) {
    groups.setRole(group.ownerId(), group.id(), member.id(), GroupRole.ADMIN);
    events.clear();
  }

  /** The group as stored now. */
  Group current(Group group) {
    return groupStore.find(group.id()).orElseThrow();
  }

  /** Sends {@code text} as {@code sender} from no session with a fresh client message id. */
  GroupAppendResult send(User sender, Group group, String text) {
    return groups.send(sender.id(), null, group.id(), "c-" + clientMsgIds.incrementAndGet(), text);
  }

  /** Every entry of the group's log, read straight from the store, ascending. */
  List<GroupMessage> log(Group group) {
    return groupStore.readAfter(group.id(), 0, 10_000);
  }

  /** The group notices in {@code user}'s mailbox, read back through the message store, oldest first. */
  List<GroupNotice> notices(User user) {
    return mailbox(user).stream().filter(MailboxEntry::isNotice).map(MailboxEntry::notice).toList();
  }

  /** Every entry of {@code user}'s mailbox, ascending. */
  List<MailboxEntry> mailbox(User user) {
    return messageStore.readMailbox(user.id(), 0, 10_000);
  }

  static List<Long> ids(User... users) {
    return Arrays.stream(users).map(User::id).toList();
  }
}
