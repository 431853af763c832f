package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.model.AckResult;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.BindResult;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionRef;
import dev.parley.core.model.UnbindResult;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.NonBlocking;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a node runs requests: on its event loops when every backend (node directory included) is
 * {@link NonBlocking}, on its blocking-work threads when any is not or when told to; observed by the
 * threads the message store is called on. The unbind after a close follows the same mode.
 */
class RequestThreadingTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final RecordingPresence presence = new RecordingPresence(
      new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()));
  private final NodeDirectory directory = new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC());
  private ChatCluster cluster = new ChatCluster(presence, directory);

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void nonBlockingBackendsAreCalledOnTheEventLoops() {
    ThreadRecordingStore store = new NonBlockingRecordingStore(cluster.messages);
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.messageStore(store));

    assertThat(node.requestsOnEventLoop()).isTrue();
    assertThat(node.transport()).isEqualTo(io.netty.channel.epoll.Epoll.isAvailable() ? "EPOLL" : "NIO");
    exchangeOneMessage(node);
    assertThat(store.threads).isNotEmpty().allMatch(name -> name.startsWith("parley-n1-io"));
  }

  @Test
  void oneBlockingBackendSendsRequestsToTheBlockingWorkThreads() {
    ThreadRecordingStore store = new ThreadRecordingStore(cluster.messages);
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.messageStore(store));

    assertThat(node.requestsOnEventLoop()).isFalse();
    exchangeOneMessage(node);
    assertThat(store.threads).isNotEmpty().allMatch(name -> name.startsWith("parley-n1-work-"));
  }

  @Test
  void offloadAllRequestsOverridesNonBlockingBackends() {
    ThreadRecordingStore store = new NonBlockingRecordingStore(cluster.messages);
    ChatNode node = cluster.offloadAllRequests()
        .startNode("n1", ChatLimits.defaults(), b -> b.messageStore(store));

    assertThat(node.requestsOnEventLoop()).isFalse();
    exchangeOneMessage(node);
    assertThat(store.threads).isNotEmpty().allMatch(name -> name.startsWith("parley-n1-work-"));
  }

  @Test
  void aBlockingNodeDirectoryForcesOffload() {
    cluster.close();
    cluster = new ChatCluster(presence, new BlockingDirectory(directory));
    ThreadRecordingStore store = new NonBlockingRecordingStore(cluster.messages);
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.messageStore(store));

    assertThat(node.requestsOnEventLoop()).isFalse();
    exchangeOneMessage(node);
    assertThat(store.threads).isNotEmpty().allMatch(name -> name.startsWith("parley-n1-work-"));
  }

  @Test
  void inlineTheUnbindAfterACloseRunsOnTheEventLoop() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    assertThat(node.requestsOnEventLoop()).isTrue();

    loginAndClose(node);
    await().atMost(WAIT).until(() -> !presence.unbindThreads.isEmpty());
    assertThat(presence.unbindThreads).allMatch(name -> name.startsWith("parley-n1-io"));
  }

  @Test
  void offloadedTheUnbindAfterACloseRunsOnABlockingWorkThread() {
    ChatNode node = cluster.offloadAllRequests().startNode("n1", ChatLimits.defaults());

    loginAndClose(node);
    await().atMost(WAIT).until(() -> !presence.unbindThreads.isEmpty());
    assertThat(presence.unbindThreads).allMatch(name -> name.startsWith("parley-n1-work-"));
  }

  private void loginAndClose(ChatNode node) {
    TestChatClient c = cluster.login(node, cluster.newUser("cid"));
    assertThat(presence.unbindThreads).isEmpty();
    c.close();
  }

  private void exchangeOneMessage(ChatNode node) {
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient a = cluster.login(node, ann);
    TestChatClient b = cluster.login(node, bob);
    assertThat(a.request(Requests.send(bob.id(), "m1", "hello")).getSendAck().getSeq()).isEqualTo(1);
    assertThat(b.awaitPush(MESSAGE_EVENT, WAIT).getMessageEvent().getEntry().getMessage().getText())
        .isEqualTo("hello");
    assertThat(b.request(Requests.sync(0, 10)).getSyncResponse().getEntriesCount()).isEqualTo(1);
  }

  /** A message store that notes the name of every thread that calls it. */
  static class ThreadRecordingStore implements MessageStore {
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final MessageStore delegate;

    ThreadRecordingStore(MessageStore delegate) {
      this.delegate = delegate;
    }

    private void note() {
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public AppendResult append(long senderId, long recipientId, String clientMsgId, String text, Instant sentAt) {
      note();
      return delegate.append(senderId, recipientId, clientMsgId, text, sentAt);
    }

    @Override
    public MailboxEntry appendNotice(long ownerId, dev.parley.core.model.GroupNotice notice) {
      note();
      return delegate.appendNotice(ownerId, notice);
    }

    @Override
    public List<MailboxEntry> readMailbox(long ownerId, long afterSeq, int limit) {
      note();
      return delegate.readMailbox(ownerId, afterSeq, limit);
    }

    @Override
    public java.util.Optional<Message> findInMailbox(long ownerId, long messageId) {
      note();
      return delegate.findInMailbox(ownerId, messageId);
    }

    @Override
    public dev.parley.core.model.RevisionResult revise(long actorId, long messageId,
        dev.parley.core.model.RevisionKind kind, String text, Instant at) {
      note();
      return delegate.revise(actorId, messageId, kind, text, at);
    }

    @Override
    public long lastSeq(long ownerId) {
      note();
      return delegate.lastSeq(ownerId);
    }

    @Override
    public List<Message> history(long userId, long peerId, long beforeId, int limit) {
      note();
      return delegate.history(userId, peerId, beforeId, limit);
    }

    @Override
    public List<Conversation> conversations(long userId, int limit) {
      note();
      return delegate.conversations(userId, limit);
    }

    @Override
    public AckResult ack(long ownerId, long upToSeq) {
      note();
      return delegate.ack(ownerId, upToSeq);
    }

    @Override
    public long ackedSeq(long ownerId) {
      note();
      return delegate.ackedSeq(ownerId);
    }

    @Override
    public String deploymentId() {
      note();
      return delegate.deploymentId();
    }
  }

  /** A non-blocking presence registry that notes the thread of every unbind. */
  static final class RecordingPresence implements PresenceRegistry, NonBlocking {
    final Set<String> unbindThreads = ConcurrentHashMap.newKeySet();
    private final PresenceRegistry delegate;

    RecordingPresence(PresenceRegistry delegate) {
      this.delegate = delegate;
    }

    @Override
    public BindResult bind(PresenceBinding session, LoginPolicy policy) {
      return delegate.bind(session, policy);
    }

    @Override
    public UnbindResult unbind(long userId, String sessionId) {
      unbindThreads.add(Thread.currentThread().getName());
      return delegate.unbind(userId, sessionId);
    }

    @Override
    public List<PresenceBinding> sessions(long userId) {
      return delegate.sessions(userId);
    }

    @Override
    public Map<Long, List<PresenceBinding>> lookupAll(Collection<Long> userIds) {
      return delegate.lookupAll(userIds);
    }

    @Override
    public int refresh(Collection<SessionRef> sessions) {
      return delegate.refresh(sessions);
    }
  }

  /** A node directory as a remote one would be: not marked {@link NonBlocking}. */
  static final class BlockingDirectory implements NodeDirectory {
    private final NodeDirectory delegate;

    BlockingDirectory(NodeDirectory delegate) {
      this.delegate = delegate;
    }

    @Override
    public void register(ChatNodeInfo node) {
      delegate.register(node);
    }

    @Override
    public boolean heartbeat(String nodeId, int load) {
      return delegate.heartbeat(nodeId, load);
    }

    @Override
    public boolean deregister(String nodeId) {
      return delegate.deregister(nodeId);
    }

    @Override
    public Optional<ChatNodeInfo> find(String nodeId) {
      return delegate.find(nodeId);
    }

    @Override
    public List<ChatNodeInfo> liveNodes() {
      return delegate.liveNodes();
    }

    @Override
    public Optional<ChatNodeInfo> assign() {
      return delegate.assign();
    }
  }

  /** The same, declared non-blocking. */
  static final class NonBlockingRecordingStore extends ThreadRecordingStore implements NonBlocking {
    NonBlockingRecordingStore(MessageStore delegate) {
      super(delegate);
    }
  }
}
