package dev.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.sdk.store.MvStoreLocalStore;
import dev.parley.sdk.testing.RecordingListener;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session's group behaviour against a {@link ScriptedNode} on loopback with a durable store:
 * the login's groups are synced from the joined seq, a pushed entry that skips ahead is held until
 * SyncGroup fills the gap, system entries come with the group's state, a notice adding the user
 * to a group starts syncing it and one removing the user forgets it, and after a restart on the
 * same store nothing is delivered twice. The end-to-end version against the real server is
 * {@code e2e.GroupJourneyTest}.
 */
class GroupSessionTest {
  private static final long SELF = 1;
  private static final long OTHER = 2;
  private static final long TEAM = 40;
  private static final long CLUB = 41;

  private final ScriptedNode node = new ScriptedNode(SELF);
  /** Each group's log on the node, by seq. */
  private final Map<Long, Map<Long, ChatProtocol.GroupMessage>> logs = new ConcurrentHashMap<>();

  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    node.close();
  }

  private ChatSession open(MvStoreLocalStore store, RecordingListener listener, ParleyClient[] holder)
      throws Exception {
    ParleyClient client = ParleyClient.builder().gateUrl(URI.create("http://127.0.0.1:1")).localStore(store).build();
    holder[0] = client;
    ChatSession session = client.openSession(node.login(), listener);
    session.caughtUp().get(5, TimeUnit.SECONDS);
    return session;
  }

  private void script(long joinedSeq) {
    node.answers.put(BodyCase.SYNC_GROUP, f -> {
      ChatProtocol.SyncGroupRequest r = f.getSyncGroup();
      ChatProtocol.SyncGroupResponse.Builder page = ChatProtocol.SyncGroupResponse.newBuilder()
          .setGroupId(r.getGroupId());
      logs.getOrDefault(r.getGroupId(), Map.of()).values().stream()
          .filter(m -> m.getSeq() > Math.max(r.getAfterSeq(), joinedSeq))
          .sorted(java.util.Comparator.comparingLong(ChatProtocol.GroupMessage::getSeq)).forEach(page::addMessages);
      return Frame.newBuilder().setSyncGroupResponse(page);
    });
    node.answers.put(BodyCase.GET_GROUP, f -> Frame.newBuilder().setGroupResponse(ChatProtocol.GroupResponse
        .newBuilder().setGroup(group(f.getGetGroup().getGroupId(), "club", 4))
        .setSelf(ChatProtocol.GroupMember.newBuilder().setUserId(SELF).setRoleValue(3).setJoinedSeq(joinedSeq))));
  }

  private ChatProtocol.GroupMessage append(long groupId, long seq, GroupMessageKind kind, String text) {
    ChatProtocol.GroupMessage m = ChatProtocol.GroupMessage.newBuilder().setGroupId(groupId).setSeq(seq)
        .setMessageId(groupId * 1000 + seq).setSenderId(OTHER).setClientMsgId(kind.isSystem() ? "" : "c" + seq)
        .setText(text).setSentAtMs(1_000 * seq).setKindValue(kind.wireValue()).addTargetIds(OTHER).build();
    logs.computeIfAbsent(groupId, g -> new ConcurrentHashMap<>()).put(seq, m);
    return m;
  }

  private static ChatProtocol.Group group(long groupId, String name, long lastSeq) {
    return ChatProtocol.Group.newBuilder().setGroupId(groupId).setName(name).setLastSeq(lastSeq).setMemberCount(2)
        .build();
  }

  private void loginWith(long lastSeq, long joinedSeq) {
    node.loginResponse = node.loginResponse.toBuilder().clearGroups().addGroups(ChatProtocol.GroupSummary.newBuilder()
        .setGroup(group(TEAM, "team", lastSeq)).setSelf(ChatProtocol.GroupMember.newBuilder().setUserId(SELF)
            .setRoleValue(3).setJoinedSeq(joinedSeq))).build();
  }

  @Test
  void groupsAreSyncedOrderedAndFollowedThroughNoticesAndNothingIsDeliveredTwiceAfterARestart() throws Exception {
    for (long seq = 1; seq <= 4; seq++) {
      append(TEAM, seq, GroupMessageKind.TEXT, "t" + seq);
    }
    script(2);
    loginWith(4, 2);
    RecordingListener events = new RecordingListener();
    ParleyClient[] client = new ParleyClient[1];
    MvStoreLocalStore store = MvStoreLocalStore.open(dir.resolve("me.mv.db"));
    ChatSession session = open(store, events, client);

    await().atMost(RecordingListener.WAIT).until(() -> events.groupSeqs(TEAM).size() == 2);
    assertThat(events.groupTexts(TEAM)).as("from the joined seq on").containsExactly("t3", "t4");
    assertThat(store.group(TEAM)).hasValueSatisfying(g -> assertThat(g.group().name()).isEqualTo("team"));

    append(TEAM, 5, GroupMessageKind.TEXT, "t5");
    ChatProtocol.GroupMessage six = append(TEAM, 6, GroupMessageKind.MEMBER_LEFT, "");
    node.push(Frame.newBuilder().setGroupUpdatedEvent(ChatProtocol.GroupUpdatedEvent.newBuilder()
        .setGroup(group(TEAM, "team", 6).toBuilder().setMemberCount(1)).setMessage(six)));
    await().atMost(RecordingListener.WAIT).until(() -> events.groupSeqs(TEAM).size() == 4);
    assertThat(events.groupSeqs(TEAM)).as("the gap before 6 filled first").containsExactly(3L, 4L, 5L, 6L);
    assertThat(events.groupStates).singleElement().satisfies(g -> assertThat(g.memberCount()).isEqualTo(1));
    assertThat(events.groupEntries.get(3).kind()).isEqualTo(GroupMessageKind.MEMBER_LEFT);

    // added to another group: a notice in the mailbox, then the session reads the group and syncs it
    append(CLUB, 1, GroupMessageKind.TEXT, "before joining");
    append(CLUB, 3, GroupMessageKind.MEMBERS_JOINED, "");
    append(CLUB, 4, GroupMessageKind.TEXT, "welcome");
    script(2);
    node.mailbox.put(1L, notice(1, CLUB, GroupMessageKind.MEMBERS_JOINED));
    node.push(Frame.newBuilder().setMessageEvent(ChatProtocol.MessageEvent.newBuilder().setEntry(node.mailbox.get(1L))));
    await().atMost(RecordingListener.WAIT).until(() -> events.groupSeqs(CLUB).size() == 2);
    assertThat(events.groupNotices).singleElement().satisfies(n -> assertThat(n.groupId()).isEqualTo(CLUB));
    assertThat(events.groupTexts(CLUB)).containsExactly("welcome");
    assertThat(store.group(CLUB)).isPresent();

    // removed from the team: the store forgets it (its messages stay)
    node.mailbox.put(2L, notice(2, TEAM, GroupMessageKind.MEMBER_KICKED));
    node.push(Frame.newBuilder().setMessageEvent(ChatProtocol.MessageEvent.newBuilder().setEntry(node.mailbox.get(2L))));
    await().atMost(RecordingListener.WAIT).until(() -> events.groupNotices.size() == 2);
    assertThat(store.group(TEAM)).isEmpty();
    assertThat(store.groupMessages(TEAM, 10)).hasSize(4);
    assertThat(store.highestContiguousSeq()).as("notices take their mailbox seqs").isEqualTo(2);
    session.close();
    client[0].close();

    // a restart on the same store, back in the team with two new entries: only those are delivered
    append(TEAM, 7, GroupMessageKind.TEXT, "t7");
    loginWith(7, 2);
    int syncsBefore = node.received(BodyCase.SYNC_GROUP).size();
    RecordingListener again = new RecordingListener();
    ChatSession restarted = open(store, again, client);
    await().atMost(RecordingListener.WAIT).until(() -> again.groupSeqs(TEAM).size() == 1);
    assertThat(again.groupTexts(TEAM)).containsExactly("t7");
    List<Frame> syncs = node.received(BodyCase.SYNC_GROUP).subList(syncsBefore, node.received(BodyCase.SYNC_GROUP).size());
    assertThat(syncs).extracting(f -> f.getSyncGroup().getGroupId() + ">" + f.getSyncGroup().getAfterSeq())
        .contains(TEAM + ">6");
    assertThat(again.groupNotices).as("the mailbox's notices were delivered before").isEmpty();
    assertThat(again.storeResets).isEmpty();
    restarted.close();
    client[0].close();
    store.close();
  }

  private static ChatProtocol.MailboxEntry notice(long seq, long groupId, GroupMessageKind kind) {
    return ChatProtocol.MailboxEntry.newBuilder().setSeq(seq).setNotice(ChatProtocol.GroupNotice.newBuilder()
        .setGroupId(groupId).setKindValue(kind.wireValue()).setActorId(OTHER).setGroupSeq(3)
        .setGroupName(groupId == CLUB ? "club" : "team").setAtMs(5_000)).build();
  }
}
