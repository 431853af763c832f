package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.KickReason;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.LoginRequest;
import dev.parley.core.protocol.ChatProtocol.LoginResponse;
import dev.parley.core.protocol.ChatProtocol.LogoutRequest;
import dev.parley.core.protocol.ChatProtocol.SendAck;
import dev.parley.sdk.ChatAddress;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.GroupDetails;
import dev.parley.sdk.GroupNotice;
import dev.parley.sdk.GroupSendResult;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.SendResult;
import dev.parley.sdk.store.LocalStore;
import dev.parley.sdk.store.MailboxIdentity;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one chat session: connect and log in with the token, keep the mailbox in sync,
 * and when the connection is lost ask the gate for a node and log in again with jittered
 * exponential backoff, until the application closes the session, the session is kicked, the token
 * is refused, or the reconnect policy gives up.
 *
 * <p>Every field is confined to the session's event loop (all its connections use that one loop);
 * public methods hop onto it. Only {@link #state()} is read from other threads.
 */
final class SessionEngine implements ChatConnection.Events {
  private static final Logger log = LoggerFactory.getLogger(SessionEngine.class);
  private static final int MAX_BUFFERED_AHEAD = 10_000;
  private static final int CALLBACK_HIGH_WATER = 1_000;

  private final EventLoop loop;
  private final Transport transport;
  private final SessionSettings settings;
  private final GateClient gate;
  private final LoginResult login;
  private final ListenerDelivery delivery;
  private final MailboxSync mailbox;
  private final GroupSync groups;
  private final MailboxAcker acker;
  private final Outbox outbox;
  private final CompletableFuture<Long> caughtUp = new CompletableFuture<>();
  private final Runnable onEnd;
  private final LocalCopyCheck localCopy;
  /** Bumped by each store reset, so acks of runs from before it are dropped. */
  private int mailboxGeneration;
  private volatile ConnectionState state = ConnectionState.CONNECTING;
  /** The device the latest login was for (the node's answer, else the one asked for). */
  private volatile String deviceId;
  /** The user's read position: never lowered, except by a store reset. */
  private volatile long readPosition;
  private volatile boolean readReceiptsEnabled;
  private boolean loggedInOnce;
  private ChatConnection connection;
  private int attempt;
  private boolean ended;
  private boolean readingPaused;
  /** What the application last asked with muteSession; told to every node this session logs in to. */
  private boolean muted;

  /**
   * @param startSeq the highest contiguous seq the local store holds
   * @param heldIdentity the mailbox the local store holds a copy of, if it knows
   * @param onEnd runs on the callback executor, after the session's last callback, once it has ended
   */
  SessionEngine(SessionParts parts, long startSeq, Optional<MailboxIdentity> heldIdentity, Runnable onEnd) {
    this.loop = parts.loop();
    this.transport = parts.transport();
    this.settings = parts.settings();
    this.gate = parts.gate();
    this.login = parts.login();
    CallbackQueue callbacks = new CallbackQueue(settings.callbackExecutor(), CALLBACK_HIGH_WATER, this::onBacklog);
    this.delivery = new ListenerDelivery(callbacks, parts.store(), parts.listener());
    this.onEnd = onEnd;
    this.localCopy = new LocalCopyCheck(heldIdentity);
    this.deviceId = login.deviceId().isEmpty() ? settings.device().deviceId() : login.deviceId();
    this.acker = new MailboxAcker(settings.requestTimeout(), seq -> raiseReadPosition(seq, false),
        settings.readOnDelivery());
    this.mailbox = new MailboxSync(loop, new MailboxSequencer<>(startSeq, MAX_BUFFERED_AHEAD, MailboxItem::seq),
        settings.requestTimeout(), settings.heartbeatInterval(), this::deliver,
        seq -> delivery.afterPrevious(() -> caughtUp.complete(seq)));
    this.groups = new GroupSync(loop, storedGroupPositions(parts.store()), settings.requestTimeout(),
        settings.heartbeatInterval(), delivery::groupEntries);
    this.outbox = new Outbox(loop, settings.sendQueueCapacity(), settings.requestTimeout(), settings.sendTimeout(),
        this::onAcknowledged, (ack, text) -> groups.onOwnEntry(GroupMapping.ownEntry(ack, login.userId(), text)));
  }

  /** Each group's highest contiguous seq in the store, read once at the start (off the event loop). */
  private static Map<Long, Long> storedGroupPositions(LocalStore store) {
    Map<Long, Long> positions = new HashMap<>();
    try {
      positions.putAll(store.groupPositions());
    } catch (RuntimeException e) {
      log.warn("cannot read the groups' positions from the local store; syncing groups from their start", e);
    }
    return positions;
  }

  ConnectionState state() {
    return state;
  }

  long userId() {
    return login.userId();
  }

  String deviceId() {
    return deviceId;
  }

  long readPosition() {
    return readPosition;
  }

  /** Marks the mailbox read up to {@code seq} (see {@link dev.parley.sdk.ChatSession#markRead}). */
  void markRead(long seq) {
    runOnLoop(() -> acker.markRead(seq));
  }

  boolean readReceiptsEnabled() {
    return readReceiptsEnabled;
  }

  /** Completes once everything in the mailbox at the first login has been delivered. */
  CompletableFuture<Long> caughtUp() {
    return caughtUp;
  }

  /** Connects to the node the login named; completes with the login response, or fails and ends the session. */
  CompletableFuture<LoginResponse> start() {
    CompletableFuture<LoginResponse> first = new CompletableFuture<>();
    runOnLoop(() -> connectAndLogin(login.chat()).whenComplete((response, error) -> {
      if (error != null) {
        ChatException cause = Failures.chatException(error);
        end(cause);
        first.completeExceptionally(cause);
      } else {
        first.complete(response);
      }
    }));
    return first;
  }

  /** Sends {@code frame} on the current connection; fails at once with UNAVAILABLE when there is none. */
  CompletableFuture<Frame> request(Frame.Builder frame, String kind) {
    CompletableFuture<Frame> result = new CompletableFuture<>();
    runOnLoop(() -> {
      if (connection == null) {
        result.completeExceptionally(new ChatException(ErrorCode.UNAVAILABLE,
            kind + " needs a connection; session is " + state));
        return;
      }
      connection.request(frame, kind, settings.requestTimeout()).whenComplete(Failures.relayTo(result));
    }, result::completeExceptionally);
    return result;
  }

  /**
   * Marks this session muted (or not) for the server's offline push, now and after every reconnect
   * (a new node session starts unmuted, so the engine tells it again at login).
   */
  CompletableFuture<Frame> mute(boolean v) {
    CompletableFuture<Frame> result = new CompletableFuture<>();
    runOnLoop(() -> {
      muted = v;
      if (connection == null) {
        result.completeExceptionally(new ChatException(ErrorCode.UNAVAILABLE,
            "mute_session needs a connection; session is " + state + " (it is applied at the next login)"));
        return;
      }
      connection.request(muteFrame(v), "mute_session", settings.requestTimeout()).whenComplete(Failures.relayTo(result));
    }, result::completeExceptionally);
    return result;
  }

  private static Frame.Builder muteFrame(boolean v) {
    return Frame.newBuilder().setMuteSession(ChatProtocol.MuteSessionRequest.newBuilder().setMuted(v));
  }

  /** Queues a send (see {@link Outbox}); it survives reconnects. */
  CompletableFuture<SendResult> send(long peerId, String text, String clientMsgId) {
    CompletableFuture<SendResult> result = new CompletableFuture<>();
    runOnLoop(() -> {
      if (ended) {
        result.completeExceptionally(new ChatException(ErrorCode.UNAVAILABLE, "session has ended"));
        return;
      }
      outbox.submit(peerId, text, clientMsgId, state.name()).whenComplete(Failures.relayTo(result));
    }, result::completeExceptionally);
    return result;
  }

  /** Queues a send to a group (see {@link Outbox#submitToGroup}); it survives reconnects. */
  CompletableFuture<GroupSendResult> sendToGroup(long groupId, String text, String clientMsgId) {
    CompletableFuture<GroupSendResult> result = new CompletableFuture<>();
    runOnLoop(() -> {
      if (ended) {
        result.completeExceptionally(new ChatException(ErrorCode.UNAVAILABLE, "session has ended"));
        return;
      }
      outbox.submitToGroup(groupId, text, clientMsgId, state.name()).whenComplete(Failures.relayTo(result));
    }, result::completeExceptionally);
    return result;
  }

  /** A recall, edit or delete of this session was stored: its entry in the user's own mailbox, in order. */
  void ownRevision(dev.parley.sdk.MessageRevision revision) {
    runOnLoop(() -> mailbox.onOwnRevision(revision));
  }

  /** A group recall or edit of this session was stored: its entry in the group's log, in order. */
  void ownGroupEntry(dev.parley.sdk.GroupMessage entry) {
    runOnLoop(() -> groups.onOwnEntry(entry));
  }

  /** The user is a member of the group (created, joined): sync it from its joined seq. */
  void groupJoined(GroupDetails details) {
    delivery.groupDetails(details);
    runOnLoop(() -> groups.onJoined(details.group().groupId(), details.self().joinedSeq(), details.group()));
  }

  /** A request returned the group's state (and the user is still a member). */
  void groupChanged(GroupDetails details) {
    delivery.groupDetails(details);
    runOnLoop(() -> groups.onGroupState(details.group()));
  }

  /** The user is no longer a member (left, dissolved it): stop syncing it. */
  void groupLeft(long groupId) {
    runOnLoop(() -> groups.onLeft(groupId));
  }

  /** The highest contiguous seq delivered for the group, on the event loop. */
  CompletableFuture<Long> groupPosition(long groupId) {
    CompletableFuture<Long> result = new CompletableFuture<>();
    runOnLoop(() -> result.complete(groups.position(groupId)), result::completeExceptionally);
    return result;
  }

  /** Logs out and closes; the listener hears DISCONNECTED with no cause. */
  void close() {
    runOnLoop(() -> {
      if (ended) {
        return;
      }
      ChatConnection c = connection;
      end(null);
      if (c != null) {
        c.request(Frame.newBuilder().setLogout(LogoutRequest.getDefaultInstance()), "logout", settings.requestTimeout())
            .whenComplete((r, e) -> c.close(new ChatException(ErrorCode.UNAVAILABLE, "session closed")));
      }
    }, e -> { });
  }

  private CompletableFuture<LoginResponse> connectAndLogin(ChatAddress address) {
    return ChatConnection.open(loop, transport, address, settings, this).thenCompose(c -> {
      Frame.Builder frame = Frame.newBuilder().setLogin(LoginRequest.newBuilder().setToken(login.token())
          .setDeviceId(requestedDevice()).setPlatform(ChatProtocol.Platform.valueOf(settings.device().platform().name())));
      return c.request(frame, "login", settings.requestTimeout()).handle((response, error) -> {
        if (error == null && !response.hasLoginResponse()) {
          error = UnexpectedResponse.of("login", response);
        }
        if (error != null) {
          c.close(Failures.chatException(error));
          throw Failures.completion(error);
        }
        onLoggedIn(c, response.getLoginResponse());
        return response.getLoginResponse();
      });
    });
  }

  /** The device the token was issued for, else the client's. */
  private String requestedDevice() {
    return login.deviceId().isEmpty() ? settings.device().deviceId() : login.deviceId();
  }

  private void onLoggedIn(ChatConnection c, LoginResponse response) {
    if (ended) {
      c.close(new ChatException(ErrorCode.UNAVAILABLE, "session closed while logging in"));
      throw new ChatException(ErrorCode.UNAVAILABLE, "session closed while logging in");
    }
    log.debug("user {} logged in on {} (mailbox seq {}, acked {})", login.userId(), c.address(),
        response.getMailboxSeq(), response.getAckedSeq());
    connection = c;
    attempt = 0;
    c.setReading(!readingPaused);
    if (!response.getDeviceId().isEmpty()) {
      deviceId = response.getDeviceId();
    }
    readReceiptsEnabled = response.getReadReceiptsEnabled();
    boolean reset = checkLocalCopy(response);
    onLoginReadPosition(response.getAckedSeq(), reset);
    delivery.loggedIn(response);
    setState(ConnectionState.CONNECTED, null);
    outbox.onLoggedIn(c);
    acker.onLoggedIn(c, response.getAckedSeq());
    mailbox.onLoggedIn(c, login.userId(), response.getMailboxSeq());
    groups.onLoggedIn(c, login.userId(), response.getGroupsList());
    if (muted) { // the new node session starts unmuted; a failure is logged, the next login tries again
      c.request(muteFrame(true), "mute_session", settings.requestTimeout()).whenComplete((r, e) -> {
        if (e != null) {
          log.debug("user {}: re-muting the session after login failed: {}", login.userId(), e.toString());
        }
      });
    }
  }

  /**
   * The read position the node holds: the start at the first login or after a reset; later a
   * raise. Either way, a position beyond what this device had (its store's position at the start,
   * what it delivered later) is another device's reading, and the listener hears it before the
   * sync's messages.
   */
  private void onLoginReadPosition(long serverAcked, boolean reset) {
    if (!loggedInOnce || reset) {
      loggedInOnce = true;
      readPosition = serverAcked;
      if (serverAcked > mailbox.position()) {
        delivery.readPosition(serverAcked);
      }
      return;
    }
    raiseReadPosition(serverAcked, serverAcked > acker.delivered());
  }

  /** Raises the read position to {@code seq} (never lowers it); tells the listener when {@code notify}. */
  private void raiseReadPosition(long seq, boolean notify) {
    if (seq <= readPosition) {
      return;
    }
    readPosition = seq;
    if (notify) {
      delivery.readPosition(seq);
    }
  }

  /** Resets the store (and the position) when it does not hold a copy of the server's mailbox; true when it did. */
  private boolean checkLocalCopy(LoginResponse response) {
    MailboxIdentity server = new MailboxIdentity(response.getDeploymentId(), response.getMailboxEpoch());
    LocalCopyCheck.Outcome outcome = localCopy.onLogin(server, response.getMailboxSeq(), mailbox.position());
    switch (outcome.verdict()) {
      case KEEP -> {
        return false;
      }
      case RECORD -> {
        delivery.resetStore(server, null);
        return false;
      }
      default -> {
        log.warn("user {}: resetting the local store and syncing from seq 0: {}", login.userId(), outcome.reason());
        mailboxGeneration++;
        mailbox.reset();
        groups.reset();
        acker.reset();
        delivery.resetStore(server, outcome.reason());
        return true;
      }
    }
  }

  @Override
  public void onPush(ChatConnection c, Frame frame) {
    if (c != connection || ended) {
      return;
    }
    switch (frame.getBodyCase()) {
      case MESSAGE_EVENT -> mailbox.onPushed(frame.getMessageEvent().getEntry());
      case FRIEND_REQUEST_EVENT -> delivery.friendRequest(frame.getFriendRequestEvent());
      case FRIEND_ADDED_EVENT -> delivery.friendAdded(frame.getFriendAddedEvent());
      case PRESENCE_EVENT -> delivery.presence(frame.getPresenceEvent());
      case TYPING_EVENT -> delivery.typing(frame.getTypingEvent());
      case READ_POSITION_EVENT -> {
        long acked = frame.getReadPositionEvent().getAckedSeq();
        acker.serverAcked(acked);
        raiseReadPosition(acked, true);
      }
      case READ_RECEIPT_EVENT -> delivery.readReceipt(frame.getReadReceiptEvent());
      case GROUP_MESSAGE_EVENT -> groups.onPushed(frame.getGroupMessageEvent().getMessage(), null);
      case GROUP_UPDATED_EVENT -> groups.onPushed(frame.getGroupUpdatedEvent().getMessage(),
          frame.getGroupUpdatedEvent().getGroup());
      case GROUP_READ_POSITION_EVENT -> delivery.groupReadPosition(frame.getGroupReadPositionEvent().getGroupId(),
          frame.getGroupReadPositionEvent().getReadSeq());
      case JOIN_REQUEST_EVENT ->
          delivery.joinRequest(GroupMapping.joinRequest(frame.getJoinRequestEvent().getRequest()));
      case KICKED -> onKicked(frame.getKicked());
      default -> log.debug("ignoring unexpected push {} from {}", frame.getBodyCase(), c.address());
    }
  }

  @Override
  public void onClosed(ChatConnection c, ChatException cause) {
    if (c != connection) {
      return; // never logged in: the login future reports it
    }
    connection = null;
    outbox.onDisconnected();
    mailbox.onDisconnected();
    groups.onDisconnected();
    acker.onDisconnected();
    if (!ended) {
      log.debug("connection to {} lost: {}", c.address(), cause.getMessage());
      scheduleReconnect(cause);
    }
  }

  private void scheduleReconnect(ChatException cause) {
    Optional<Duration> delay = settings.reconnectPolicy().delayBeforeAttempt(++attempt);
    if (delay.isEmpty()) {
      end(new ChatException(ErrorCode.UNAVAILABLE, "gave up reconnecting after " + (attempt - 1)
          + " attempts: " + cause.getMessage(), cause));
      return;
    }
    setState(ConnectionState.RECONNECTING, cause);
    loop.schedule(this::reconnect, reconnectDelay(delay.get(), cause).toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The wait before the next attempt: the policy's, or the node's retry-after when the last attempt
   * was refused with a longer one (RATE_LIMITED from a node taking a login storm, which spreads the
   * refused over its retry-afters; coming back sooner would only be refused again).
   */
  static Duration reconnectDelay(Duration policyDelay, ChatException cause) {
    if (cause != null && cause.retryAfter().compareTo(policyDelay) > 0) {
      return cause.retryAfter();
    }
    return policyDelay;
  }

  private void reconnect() {
    if (ended) {
      return;
    }
    gate.route(login.token()).thenComposeAsync(this::connectAndLogin, loop).whenCompleteAsync((r, error) -> {
      if (error == null || ended) {
        return;
      }
      ChatException cause = Failures.chatException(error);
      if (cause.code() == ErrorCode.UNAUTHORIZED || cause.code() == ErrorCode.NOT_LOGGED_IN) {
        end(cause); // the token is no good: retrying cannot help
      } else {
        log.debug("reconnect attempt {} failed: {}", attempt, cause.getMessage());
        scheduleReconnect(cause);
      }
    }, loop);
  }

  private void onKicked(ChatProtocol.Kicked kicked) {
    KickReason reason = ProtoMapping.kickReason(kicked.getCode());
    delivery.kicked(reason, kicked.getReason());
    ChatException cause = new ChatException(ErrorCode.UNAUTHORIZED, "session kicked by the server"
        + (reason == null ? "" : " (" + reason + ")") + ": " + kicked.getReason());
    ChatConnection c = connection;
    end(cause);
    c.close(cause);
  }

  private void onAcknowledged(SendAck ack, long peerId, String text) {
    mailbox.onOwnEntry(ProtoMapping.ownEntry(ack, login.userId(), peerId, text));
  }

  private void deliver(List<MailboxItem> run) {
    run.stream().filter(item -> item.notice() != null).forEach(item -> onNotice(item.notice()));
    int generation = mailboxGeneration;
    delivery.messages(run, seq -> runOnLoop(() -> {
      if (generation == mailboxGeneration) {
        acker.delivered(seq);
      }
    }));
  }

  /**
   * A change of the user's own membership: a removal stops syncing the group; an addition fetches
   * the group (for its state and the user's joined seq) and starts syncing it.
   */
  private void onNotice(GroupNotice notice) {
    if (notice.endsMembership()) {
      groups.onLeft(notice.groupId());
      return;
    }
    if (!notice.startsMembership() || connection == null) {
      return; // a role or mute change; or offline, and the next login lists the group anyway
    }
    Frame.Builder get = Frame.newBuilder().setGetGroup(ChatProtocol.GetGroupRequest.newBuilder()
        .setGroupId(notice.groupId()));
    connection.request(get, "get_group", settings.requestTimeout()).whenComplete((response, error) -> {
      if (error != null || !response.hasGroupResponse()) {
        log.debug("group {}: cannot read it after being added: {}", notice.groupId(),
            error != null ? error.getMessage() : response.getBodyCase());
        return; // removed again meanwhile, or the connection is gone (the next login lists it)
      }
      GroupDetails details = GroupMapping.details(response.getGroupResponse());
      delivery.groupDetails(details);
      groups.onJoined(notice.groupId(), details.self().joinedSeq(), details.group());
    });
  }

  private void onBacklog(boolean paused) {
    runOnLoop(() -> {
      readingPaused = paused;
      if (connection != null) {
        connection.setReading(!paused);
      }
    }, e -> { });
  }

  private void setState(ConnectionState next, Throwable cause) {
    if (state != next) {
      state = next;
      delivery.stateChanged(next, cause);
    }
  }

  private void end(ChatException cause) {
    ended = true;
    mailbox.onDisconnected();
    groups.onDisconnected();
    acker.onDisconnected();
    ChatException failure = cause != null ? cause : new ChatException(ErrorCode.UNAVAILABLE, "session closed");
    outbox.failAll(failure);
    caughtUp.completeExceptionally(failure);
    setState(ConnectionState.DISCONNECTED, cause);
    delivery.afterPrevious(onEnd);
  }

  private void runOnLoop(Runnable task) {
    runOnLoop(task, e -> log.debug("session event loop is gone", e));
  }

  private void runOnLoop(Runnable task, Consumer<Throwable> rejected) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      rejected.accept(new ChatException(ErrorCode.UNAVAILABLE, "client is closed", e));
    }
  }
}
