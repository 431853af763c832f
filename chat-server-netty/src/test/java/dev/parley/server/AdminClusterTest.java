package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.FRIEND_ADDED_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.GROUP_UPDATED_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.KICKED;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.GroupView;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.UserRef;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.AdminService;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin service in a process of its own, as on a separate gate: two chat nodes sharing the
 * stores, presence and directory, users online on different nodes, and a {@link ParleyAdmin} that
 * holds no session, so every push it makes crosses to the nodes by gRPC Deliver and every kick by
 * gRPC Kick, over real sockets.
 */
class AdminClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private ChatCluster cluster;
  private ParleyAdmin parleyAdmin;
  private AdminService admin;
  private ChatNode node1;
  private ChatNode node2;

  @BeforeEach
  void start() {
    cluster = new ChatCluster(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
        new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
    // MULTI: one user may hold sessions on both nodes at once.
    ChatLimits limits = ChatLimits.defaults().withLoginPolicy(LoginPolicy.multi(LoginPolicy.DEFAULT_MULTI_SESSIONS));
    node1 = cluster.startNode("node-1", limits);
    node2 = cluster.startNode("node-2", limits);
    parleyAdmin = ParleyAdmin.builder().userStore(cluster.users).friendStore(cluster.friends)
        .messageStore(cluster.messages).groupStore(cluster.groups).tokenStore(cluster.tokens)
        .presenceRegistry(cluster.presence).nodeDirectory(cluster.directory)
        .passwordHasher(Argon2PasswordHasher.forTesting()).caller("cluster-test").build();
    admin = parleyAdmin.service();
  }

  @AfterEach
  void stop() {
    parleyAdmin.close();
    cluster.close();
  }

  @Test
  void friendshipsMessagesAndGroupsReachUsersOnBothNodes() {
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    TestUser cat = cluster.newUser("cat");
    TestChatClient a = cluster.login(node1, ann);
    TestChatClient b = cluster.login(node2, bob);
    TestChatClient c = cluster.login(node2, cat);

    assertThat(admin.befriend(UserRef.of(ann.id()), UserRef.of(bob.id())).created()).isTrue();
    assertThat(a.awaitPush(FRIEND_ADDED_EVENT, WAIT).getFriendAddedEvent().getFriend().getOnline()).isTrue();
    assertThat(b.awaitPush(FRIEND_ADDED_EVENT, WAIT).getFriendAddedEvent().getFriend().getProfile().getUserId())
        .isEqualTo(ann.id());

    AppendResult sent = admin.sendMessage(UserRef.of(ann.id()), UserRef.of(cat.id()), "x-1", "across nodes");
    Frame atCat = c.awaitPush(MESSAGE_EVENT, WAIT);
    assertThat(atCat.getMessageEvent().getEntry().getSeq()).isEqualTo(sent.recipientEntry().seq());
    assertThat(a.awaitPush(MESSAGE_EVENT, WAIT).getMessageEvent().getEntry().getSeq())
        .isEqualTo(sent.senderEntry().seq());

    AppendResult system = admin.sendSystemMessage(UserRef.of(bob.id()), "s-1", "hello from the host");
    assertThat(b.awaitPush(MESSAGE_EVENT, WAIT).getMessageEvent().getEntry().getMessage().getSenderId())
        .isEqualTo(system.message().senderId()).isEqualTo(admin.systemUser().id());

    GroupView group = admin.createGroup(new AdminService.NewGroupSpec(UserRef.of(cat.id()),
        List.of(UserRef.of(ann.id()), UserRef.of(bob.id())), "Cross", null, false, null, null));
    for (TestChatClient member : List.of(a, b, c)) {
      assertThat(member.awaitPush(GROUP_UPDATED_EVENT, WAIT).getGroupUpdatedEvent().getGroup().getGroupId())
          .isEqualTo(group.group().id());
    }
  }

  @Test
  void disableKicksTheUsersSessionsOnEveryNode() {
    TestUser ann = cluster.newUser("ann");
    TestChatClient one = cluster.login(node1, ann);
    TestChatClient two = cluster.track(TestChatClient.connect("127.0.0.1", node2.port()));
    Frame login = two.login(cluster.tokens.issue(ann.id()).token());
    assertThat(login.hasLoginResponse()).as("login %s", login).isTrue();

    admin.disable(UserRef.of(ann.id()));

    for (TestChatClient session : List.of(one, two)) {
      assertThat(session.awaitPush(KICKED, WAIT).getKicked().getCode()).isEqualTo(ChatProtocol.KickReason.DISABLED);
      assertThat(session.awaitClosed(WAIT)).isTrue();
    }
    assertThat(cluster.users.findById(ann.id()).orElseThrow().disabled()).isTrue();
    assertThat(cluster.tokens.verify(ann.token())).isEmpty();
  }
}
