package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.hooks.ChatEventListener;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.testing.Latches;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The host's {@link ChatEventListener} on a chat node, end to end over real sockets: it hears stored
 * messages, friendships made and ended, group changes and users going online and offline; a listener
 * that blocks costs chat nothing (its full queue drops and counts), one that throws still gets the
 * next event, and a node that stops delivers what it queued first.
 */
class HostEventListenerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ChatCluster cluster = new ChatCluster(
      new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  private final Recording heard = new Recording();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    cluster.close();
  }

  private ChatNode start(ChatEventListener listener, int capacity) {
    // 50 sends in a row from one connection: above the default per-connection rate, which is not under test
    return cluster.startNode("n1", ChatLimits.defaults().withMessagesPerSecond(1000),
        b -> b.eventListener(listener).eventQueueCapacity(capacity));
  }

  @Test
  void theListenerHearsMessagesFriendshipsGroupsAndPresence() {
    ChatNode node = start(heard, 100);
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    TestChatClient anns = cluster.login(node, ann);
    TestChatClient bobs = cluster.login(node, bob);
    await().atMost(WAIT).until(() -> heard.events().containsAll(List.of("online " + ann.id(), "online " + bob.id())));

    assertThat(anns.request(Requests.friendRequest(bob.id(), "hi")).hasError()).isFalse();
    assertThat(bobs.request(Requests.answer(ann.id(), true)).hasError()).isFalse();
    long low = Math.min(ann.id(), bob.id());
    long high = Math.max(ann.id(), bob.id());
    await().atMost(WAIT).until(() -> heard.events().contains("friend+ " + low + " " + high));

    assertThat(anns.request(Requests.send(bob.id(), "c-1", "hello bob")).hasSendAck()).isTrue();
    await().atMost(WAIT).until(() -> heard.events().contains("message " + ann.id() + "->" + bob.id() + " hello bob"));

    long groupId = anns.request(GroupFrames.create("team", List.of(bob.id()))).getGroupResponse().getGroup()
        .getGroupId();
    await().atMost(WAIT).until(() -> heard.events().contains("group " + groupId + " " + GroupMessageKind.GROUP_CREATED));
    assertThat(anns.request(GroupFrames.send(groupId, "g-1", "hi team")).hasGroupSendAck()).isTrue();
    await().atMost(WAIT).until(() -> heard.events().contains("group message " + groupId + " hi team"));
    assertThat(bobs.request(GroupFrames.leave(groupId)).hasError()).isFalse();
    await().atMost(WAIT).until(() -> heard.events().contains("group " + groupId + " " + GroupMessageKind.MEMBER_LEFT));

    assertThat(anns.request(Requests.removeFriend(bob.id())).hasError()).isFalse();
    await().atMost(WAIT).until(() -> heard.events().contains("friend- " + ann.id() + " " + bob.id()));

    bobs.close();
    await().atMost(WAIT).until(() -> heard.events().contains("offline " + bob.id()));

    assertThat(heard.events()).as("each once, a friendship once, not per side")
        .containsOnlyOnce("friend+ " + low + " " + high, "message " + ann.id() + "->" + bob.id() + " hello bob",
            "online " + ann.id(), "online " + bob.id(), "offline " + bob.id());
    assertThat(heard.events()).doesNotContain("offline " + ann.id());
    assertThat(counter("parley.host.events.delivered")).isEqualTo(heard.events().size());
  }

  @Test
  void onlineAndOfflineAreTheUsersOverallStateNotEachDevice() {
    ChatNode node = start(heard, 100);
    TestUser ann = cluster.newUser("ann");
    TestChatClient desktop = DeviceLogins.loginDevice(cluster, node, ann, "ann-desktop",
        dev.parley.core.model.Platform.DESKTOP);
    TestChatClient phone = DeviceLogins.loginDevice(cluster, node, ann, "ann-phone",
        dev.parley.core.model.Platform.MOBILE);
    desktop.close();
    await().atMost(WAIT).until(() -> node.connectionCount() == 1);
    // A fence: an event queued after the desktop's unbind, so anything that unbind caused was heard before it.
    TestUser fence = cluster.newUser("fence");
    cluster.login(node, fence);
    await().atMost(WAIT).until(() -> heard.events().contains("online " + fence.id()));
    assertThat(heard.events()).containsOnlyOnce("online " + ann.id()).doesNotContain("offline " + ann.id());

    phone.close();
    await().atMost(WAIT).until(() -> heard.events().contains("offline " + ann.id()));
  }

  @Test
  void aBlockedListenerFillsItsQueueAndDropsAreCountedWhileChatGoesOn() {
    AtomicBoolean blocking = new AtomicBoolean(true);
    ChatEventListener stuck = new ChatEventListener() {
      @Override
      public void messageStored(Message message) {
        if (blocking.get()) {
          Latches.awaitIgnoringInterrupts(release);
        }
        heard.messageStored(message);
      }
    };
    ChatNode node = start(stuck, 5);
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient anns = cluster.login(node, ann);
    TestChatClient bobs = cluster.login(node, bob);

    int sent = 50;
    for (int i = 0; i < sent; i++) {
      Frame ack = anns.request(Requests.send(bob.id(), "c-" + i, "m" + i));
      assertThat(ack.hasSendAck()).as("send %d while the listener is stuck: %s", i, ack).isTrue();
    }
    assertThat(bobs.awaitPush(f -> f.getBodyCase() == MESSAGE_EVENT
        && f.getMessageEvent().getEntry().getMessage().getText().equals("m" + (sent - 1)), WAIT)).isNotNull();
    // one message in the listener's hands and five queued: every other message event was dropped and counted
    assertThat(counter("parley.host.events.dropped")).isGreaterThanOrEqualTo(sent - 6);

    blocking.set(false);
    release.countDown();
    await().atMost(WAIT).until(() -> counter("parley.host.events.delivered") + counter("parley.host.events.dropped")
        == sent + 2); // 50 messages and two users online
    assertThat(heard.events()).filteredOn(e -> e.startsWith("message")).hasSizeBetween(1, 6);
    assertThat(heard.events()).first().isEqualTo("message " + ann.id() + "->" + bob.id() + " m0");
  }

  @Test
  void aThrowingListenerStillGetsTheNextEvent() {
    AtomicBoolean thrown = new AtomicBoolean();
    ChatEventListener flaky = new ChatEventListener() {
      @Override
      public void messageStored(Message message) {
        if (thrown.compareAndSet(false, true)) {
          throw new IllegalStateException("the host's bug");
        }
        heard.messageStored(message);
      }
    };
    ChatNode node = start(flaky, 100);
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient anns = cluster.login(node, ann);
    assertThat(anns.request(Requests.send(bob.id(), "c-1", "first")).hasSendAck()).isTrue();
    assertThat(anns.request(Requests.send(bob.id(), "c-2", "second")).hasSendAck()).isTrue();

    await().atMost(WAIT).until(() -> heard.events().contains("message " + ann.id() + "->" + bob.id() + " second"));
    assertThat(heard.events()).noneMatch(e -> e.endsWith(" first"));
    assertThat(counter("parley.host.events.failed")).isEqualTo(1);
  }

  @Test
  void aStoppingNodeDeliversWhatItQueuedIncludingTheOfflineOfItsSessions() {
    ChatNode node = start(heard, 100);
    TestUser ann = cluster.newUser("ann");
    cluster.login(node, ann);
    await().atMost(WAIT).until(() -> heard.events().contains("online " + ann.id()));
    node.stop();
    assertThat(heard.events()).as("heard by the time stop returned").contains("offline " + ann.id());
  }

  @Test
  void withoutAListenerThereAreNoHostEventMeters() {
    cluster.startNode("plain", ChatLimits.defaults());
    assertThat(cluster.meters.find("parley.host.events.dropped").counter()).isNull();
  }

  private double counter(String name) {
    var c = cluster.meters.find(name).counter();
    return c == null ? -1 : c.count();
  }


  /** Records what it hears as short strings, in order. Thread-safe. */
  static final class Recording implements ChatEventListener {
    private final List<String> events = new CopyOnWriteArrayList<>();

    List<String> events() {
      return List.copyOf(events);
    }

    @Override
    public void messageStored(Message m) {
      events.add("message " + m.senderId() + "->" + m.recipientId() + " " + m.text());
    }

    @Override
    public void groupMessageStored(GroupMessage m) {
      events.add("group message " + m.groupId() + " " + m.text());
    }

    @Override
    public void friendAdded(long userId, long friendId) {
      events.add("friend+ " + userId + " " + friendId);
    }

    @Override
    public void friendRemoved(long userId, long friendId) {
      events.add("friend- " + userId + " " + friendId);
    }

    @Override
    public void groupChanged(Group group, GroupMessage change) {
      events.add("group " + group.id() + " " + change.kind());
    }

    @Override
    public void userOnline(long userId) {
      events.add("online " + userId);
    }

    @Override
    public void userOffline(long userId) {
      events.add("offline " + userId);
    }
  }
}
