package dev.parley.sdk.internal;

import dev.parley.core.model.KickReason;
import dev.parley.core.protocol.ChatProtocol.FriendAddedEvent;
import dev.parley.core.protocol.ChatProtocol.FriendRequestEvent;
import dev.parley.core.protocol.ChatProtocol.LoginResponse;
import dev.parley.core.protocol.ChatProtocol.PresenceEvent;
import dev.parley.core.protocol.ChatProtocol.ReadReceiptEvent;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import dev.parley.sdk.store.LocalStore;
import dev.parley.sdk.store.MailboxIdentity;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands session events to the local store and then to the application's listener, on the
 * session's {@link CallbackQueue}: one at a time, in the order the event loop submitted them, and
 * always store first, so what the listener hears is already stored.
 *
 * <p>Thread-safe: every method only enqueues.
 */
final class ListenerDelivery {
  private static final Logger log = LoggerFactory.getLogger(ListenerDelivery.class);

  private final CallbackQueue callbacks;
  private final LocalStore store;
  private final ChatListener listener;

  ListenerDelivery(CallbackQueue callbacks, LocalStore store, ChatListener listener) {
    this.callbacks = callbacks;
    this.store = store;
    this.listener = listener;
  }

  /** Stores what a login returned (profile, friends, pending requests). */
  void loggedIn(LoginResponse login) {
    callbacks.submit(() -> {
      store.saveProfile(ProtoMapping.profile(login.getProfile()));
      store.replaceFriends(login.getFriendsList().stream().map(ProtoMapping::friend).toList());
      store.replacePendingRequests(login.getPendingRequestsList().stream().map(ProtoMapping::friendRequest).toList());
    });
  }

  /**
   * Records {@code identity} as the mailbox the store holds, forgetting what it held; when
   * {@code reason} is not null the listener hears {@link ChatListener#onLocalStoreReset}.
   */
  void resetStore(MailboxIdentity identity, String reason) {
    callbacks.submit(() -> {
      store.reset(identity);
      if (reason != null) {
        safely(() -> listener.onLocalStoreReset(reason));
      }
    });
  }

  /** Stores a run of mailbox messages, tells the listener about each, then reports the run's last seq. */
  void messages(List<ChatMessage> run, LongConsumer delivered) {
    callbacks.submit(() -> {
      try {
        store.appendMessages(run);
      } catch (RuntimeException e) {
        log.error("local store failed to append seq {}..{}; delivering anyway", run.get(0).seq(),
            run.get(run.size() - 1).seq(), e);
      }
      for (ChatMessage m : run) {
        safely(() -> listener.onMessage(m));
      }
      delivered.accept(run.get(run.size() - 1).seq());
    });
  }

  void friendRequest(FriendRequestEvent event) {
    FriendRequest request = ProtoMapping.friendRequest(event.getRequest());
    callbacks.submit(() -> {
      store.savePendingRequest(request);
      listener.onFriendRequest(request);
    });
  }

  void friendAdded(FriendAddedEvent event) {
    friendAdded(ProtoMapping.friend(event.getFriend()), true);
  }

  /** Stores a new friend (and drops its pending request); tells the listener when {@code notify}. */
  void friendAdded(Friend friend, boolean notify) {
    callbacks.submit(() -> {
      store.saveFriend(friend);
      store.removePendingRequest(friend.userId());
      if (notify) {
        listener.onFriendAdded(friend);
      }
    });
  }

  void presence(PresenceEvent event) {
    callbacks.submit(() -> {
      store.friends().stream().filter(f -> f.userId() == event.getUserId()).findFirst()
          .ifPresent(f -> store.saveFriend(f.withOnline(event.getOnline())));
      listener.onPresence(event.getUserId(), event.getOnline());
    });
  }

  void kicked(KickReason reason, String text) {
    callbacks.submit(() -> safely(() -> listener.onKicked(reason, text)));
  }

  /** The read position rose on another device. */
  void readPosition(long ackedSeq) {
    callbacks.submit(() -> safely(() -> listener.onReadPosition(ackedSeq)));
  }

  void readReceipt(ReadReceiptEvent event) {
    callbacks.submit(() -> safely(() -> listener.onReadReceipt(event.getPeerId(), event.getUpToMessageId())));
  }

  void stateChanged(ConnectionState state, Throwable cause) {
    callbacks.submit(() -> listener.onStateChanged(state, cause));
  }

  /** Runs {@code task} after everything submitted so far has been delivered. */
  void afterPrevious(Runnable task) {
    callbacks.submit(task);
  }

  private static void safely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.error("listener callback failed", e);
    }
  }
}
