package dev.parley.sdk.internal;

import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.store.LocalStore;
import dev.parley.sdk.store.MailboxIdentity;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens sessions for one client: binds the local store to the user, starts a
 * {@link SessionEngine} on one of the client's event loops from the store's position, and
 * returns the session once the first login succeeded. Thread-safe and immutable.
 */
public final class SessionOpener {
  private static final Logger log = LoggerFactory.getLogger(SessionOpener.class);

  private final Transport transport;
  private final SessionSettings settings;
  private final GateClient gate;
  private final Blocking blocking;

  /** Opens sessions on {@code transport} with {@code settings}, reconnecting through {@code gate}. */
  public SessionOpener(Transport transport, SessionSettings settings, GateClient gate) {
    this.transport = transport;
    this.settings = settings;
    this.gate = gate;
    this.blocking = new Blocking(transport.group());
  }

  /** The blocking helper for this client's threads. */
  public Blocking blocking() {
    return blocking;
  }

  /**
   * Opens a session on {@code store}. When {@code ownsStore}, the session closes the store when it
   * ends (also when the first login fails). {@code onEnd} hears the session once it has ended.
   */
  public CompletableFuture<ChatSession> open(LoginResult login, ChatListener listener, LocalStore store,
      boolean ownsStore, Consumer<ChatSession> onEnd) {
    long startSeq;
    Optional<MailboxIdentity> held;
    try {
      store.bindOwner(login.userId());
      startSeq = store.highestContiguousSeq();
      held = store.mailboxIdentity();
    } catch (RuntimeException e) {
      if (ownsStore) {
        closeQuietly(store);
      }
      return CompletableFuture.failedFuture(e);
    }
    SessionParts parts = new SessionParts(transport.group().next(), transport, settings, gate, login, store, listener);
    AtomicReference<ChatSession> session = new AtomicReference<>();
    SessionEngine engine = new SessionEngine(parts, startSeq, held, () -> {
      if (ownsStore) {
        closeQuietly(store);
      }
      ChatSession opened = session.get();
      if (opened != null) {
        onEnd.accept(opened);
      }
    });
    return Async.relay(engine.start(), response -> {
      ChatSession opened = new DefaultChatSession(engine, store, settings.callbackExecutor(), blocking,
          ProtoMapping.profile(response.getProfile()));
      session.set(opened);
      return opened;
    }, settings.callbackExecutor());
  }

  private static void closeQuietly(LocalStore store) {
    try {
      store.close();
    } catch (RuntimeException e) {
      log.warn("closing the local store failed", e);
    }
  }
}
