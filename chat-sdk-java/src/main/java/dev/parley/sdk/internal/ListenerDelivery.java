package dev.parley.sdk.internal;

import dev.parley.core.model.KickReason;
import dev.parley.core.model.TypingState;
import dev.parley.core.protocol.ChatProtocol;
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
import dev.parley.sdk.GroupDetails;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.GroupNotice;
import dev.parley.sdk.GroupSummary;
import dev.parley.sdk.JoinRequest;
import dev.parley.sdk.MessageRevision;
import dev.parley.sdk.Typing;
import dev.parley.sdk.store.LocalStore;
import dev.parley.sdk.store.MailboxIdentity;
import java.util.ArrayList;
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

  /** Stores what a login returned (profile, friends, pending requests, groups). */
  void loggedIn(LoginResponse login) {
    long selfId = login.getProfile().getUserId();
    callbacks.submit(() -> {
      store.saveProfile(ProtoMapping.profile(login.getProfile()));
      store.replaceFriends(login.getFriendsList().stream().map(ProtoMapping::friend).toList());
      store.replacePendingRequests(login.getPendingRequestsList().stream().map(ProtoMapping::friendRequest).toList());
      store.replaceGroups(login.getGroupsList().stream().map(g -> GroupMapping.summary(g, selfId)).toList());
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

  /**
   * Stores a run of mailbox entries (messages and group notices, in seq order), tells the listener
   * about each, then reports the run's last seq.
   */
  void messages(List<MailboxItem> run, LongConsumer delivered) {
    callbacks.submit(() -> {
      List<ChatMessage> messages = new ArrayList<>();
      for (MailboxItem item : run) {
        if (item.message() != null) {
          messages.add(item.message());
          continue;
        }
        appendMessages(messages);
        messages.clear();
        if (item.notice() != null) {
          storeNotice(item.notice());
        } else if (item.revision() != null) {
          storeRevision(item.revision());
        }
      }
      appendMessages(messages);
      for (MailboxItem item : run) {
        if (item.message() != null) {
          safely(() -> listener.onMessage(item.message()));
        } else if (item.notice() != null) {
          safely(() -> listener.onGroupNotice(item.notice()));
        } else if (item.revision() != null) {
          safely(() -> revised(item.revision()));
        }
      }
      delivered.accept(run.get(run.size() - 1).seq());
    });
  }

  private void appendMessages(List<ChatMessage> run) {
    if (run.isEmpty()) {
      return;
    }
    try {
      store.appendMessages(run);
    } catch (RuntimeException e) {
      log.error("local store failed to append seq {}..{}; delivering anyway", run.get(0).seq(),
          run.get(run.size() - 1).seq(), e);
    }
  }

  private void storeRevision(MessageRevision revision) {
    try {
      store.appendRevision(revision);
    } catch (RuntimeException e) {
      log.error("local store failed to record the revision at seq {}; delivering anyway", revision.seq(), e);
    }
  }

  private void revised(MessageRevision revision) {
    switch (revision.kind()) {
      case RECALLED -> listener.onMessageRecalled(revision);
      case EDITED -> listener.onMessageEdited(revision);
      case DELETED -> listener.onMessageDeleted(revision);
    }
  }

  private void storeNotice(GroupNotice notice) {
    try {
      store.appendNotice(notice);
      if (notice.endsMembership()) {
        store.removeGroup(notice.groupId());
      }
    } catch (RuntimeException e) {
      log.error("local store failed to record the notice at seq {}; delivering anyway", notice.mailboxSeq(), e);
    }
  }

  /**
   * Stores a run of group {@code groupId}'s log (following {@code afterSeq}) and tells the listener
   * about each entry the store did not hold yet: text with {@code onGroupMessage}, system entries
   * with {@code onGroupUpdated}. The group's summary in the store gets the newest entry and the
   * unread count grows by the entries from others.
   */
  void groupEntries(long groupId, long afterSeq, List<GroupEntry> run) {
    callbacks.submit(() -> {
      long held = 0;
      try {
        held = store.highestContiguousGroupSeq(groupId);
        store.appendGroupMessages(groupId, afterSeq, run.stream().map(GroupEntry::message).toList());
        updateSummary(groupId, run, held);
      } catch (RuntimeException e) {
        log.error("local store failed to append group {} seq {}..{}; delivering anyway", groupId, run.get(0).seq(),
            run.get(run.size() - 1).seq(), e);
      }
      for (GroupEntry e : run) {
        if (e.seq() <= held) {
          continue; // handed on before (by an earlier session on this store)
        }
        GroupMessage m = e.message();
        safely(() -> {
          if (m.kind() == dev.parley.core.model.GroupMessageKind.MESSAGE_RECALLED) {
            listener.onGroupMessageRecalled(m);
          } else if (m.kind() == dev.parley.core.model.GroupMessageKind.MESSAGE_EDITED) {
            listener.onGroupMessageEdited(m);
          } else if (m.system()) {
            listener.onGroupUpdated(e.group(), m);
          } else {
            listener.onGroupMessage(m);
          }
        });
      }
    });
  }

  private void updateSummary(long groupId, List<GroupEntry> run, long held) {
    store.group(groupId).ifPresent(summary -> {
      GroupEntry last = run.get(run.size() - 1);
      int fresh = (int) run.stream().filter(e -> e.seq() > held && !e.message().outgoing()
          && !e.message().isRevision()).count();
      GroupSummary next = new GroupSummary(last.group() != null ? last.group() : summary.group(), summary.self(),
          summary.unreadCount() + fresh, last.message(), summary.remark());
      store.saveGroup(next);
    });
  }

  /** Stores a group and the user's membership as a request returned them. */
  void groupDetails(GroupDetails details) {
    callbacks.submit(() -> {
      GroupSummary summary = store.group(details.group().groupId())
          .map(s -> s.with(details.group(), details.self()))
          .orElseGet(() -> new GroupSummary(details.group(), details.self(), 0, null, ""));
      store.saveGroup(summary);
    });
  }

  /** The user read group {@code groupId} up to {@code readSeq} on another device. */
  void groupReadPosition(long groupId, long readSeq) {
    callbacks.submit(() -> safely(() -> {
      store.group(groupId).ifPresent(s -> {
        if (readSeq >= store.highestContiguousGroupSeq(groupId)) { // read all this device holds
          store.saveGroup(new GroupSummary(s.group(), s.self(), 0, s.lastMessage(), s.remark()));
        }
      });
      listener.onGroupReadPosition(groupId, readSeq);
    }));
  }

  void joinRequest(JoinRequest request) {
    callbacks.submit(() -> safely(() -> listener.onJoinRequest(request)));
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

  void typing(ChatProtocol.TypingEvent e) {
    Typing typing = new Typing(e.getFromUserId(), e.getToUserId(), e.getGroupId(),
        TypingState.fromWireValue(e.getStateValue()));
    callbacks.submit(() -> safely(() -> listener.onTyping(typing)));
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
