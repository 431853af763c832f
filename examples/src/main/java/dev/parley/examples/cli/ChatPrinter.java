package dev.parley.examples.cli;

import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.RevisionKind;
import dev.parley.core.model.TypingState;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.Device;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import dev.parley.sdk.Group;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.GroupNotice;
import dev.parley.sdk.JoinRequest;
import dev.parley.sdk.MessageRevision;
import dev.parley.sdk.Typing;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Prints what happens on a session as it happens, one time-stamped line each, through a line
 * printer (the shell's terminal prints above the line being typed). Messages this shell sent are
 * not echoed (the shell already shows them as typed); messages the user sent from another device
 * are, marked so. Thread-safe: the SDK calls it one event at a time, and each line is one call of
 * the printer.
 */
final class ChatPrinter implements ChatListener {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
      .withZone(ZoneId.systemDefault());

  private final Consumer<String> out;
  private volatile Names names;
  private volatile boolean live;
  /** Incoming messages per sender delivered before {@link #start}: what arrived while away. */
  private final Map<Long, Integer> arrivedWhileAway = new ConcurrentHashMap<>();
  /** The read position another device had reached when this session logged in: older messages are read. */
  private volatile long readElsewhere;
  /** Client message ids of the sends this shell made whose message has not come back yet. */
  private final Set<String> ownSends = ConcurrentHashMap.newKeySet();
  /** {@link #revisionKey}s of the recalls, edits and deletes this shell made that have not come back yet. */
  private final Set<String> ownRevisions = ConcurrentHashMap.newKeySet();

  /** Prints each line with {@code out}, which must be thread-safe. */
  ChatPrinter(Consumer<String> out) {
    this.out = out;
  }

  /**
   * The incoming messages per sender that the login's catch-up delivered (everything this client
   * had not seen yet) and no other device had read, and forgets them.
   */
  Map<Long, Integer> takeArrivedWhileAway() {
    Map<Long, Integer> arrived = Map.copyOf(arrivedWhileAway);
    arrivedWhileAway.clear();
    return arrived;
  }

  /** The shell is about to send with {@code clientMsgId}: that message is not echoed. */
  void sending(String clientMsgId) {
    ownSends.add(clientMsgId);
  }

  /**
   * The shell is about to recall, edit or delete: when that revision comes back it is not printed
   * (the shell says itself how it went). See {@link #revisionKey}.
   */
  void revising(String key) {
    ownRevisions.add(key);
  }

  /** The revision {@code key} was refused, or changed nothing: none will come back. */
  void notRevising(String key) {
    ownRevisions.remove(key);
  }

  /** The key of a revision of the one-to-one message {@code messageId}. */
  static String revisionKey(long messageId, RevisionKind kind) {
    return "m" + messageId + kind;
  }

  /** The key of a recall or edit of entry {@code seq} of group {@code groupId}. */
  static String revisionKey(long groupId, long seq, GroupMessageKind kind) {
    return "g" + groupId + ":" + seq + kind;
  }

  /** Stops printing (the session is being closed by the user). */
  void stop() {
    this.live = false;
  }

  /** Starts printing, using {@code namesToUse} for senders (events before this are silent). */
  void start(Names namesToUse) {
    this.names = namesToUse;
    this.live = true;
  }

  /** Forgets the last session's state, before a new login. */
  void reset() {
    live = false;
    readElsewhere = 0;
    arrivedWhileAway.clear();
    ownSends.clear();
    ownRevisions.clear();
  }

  /** "[12:00:01] ann: hi", in its final state: "(recalled)" instead of a recalled text, "(edited)" after an edited one. */
  static String line(ChatMessage m, Names names) {
    String who = m.outgoing() ? "me -> " + names.of(m.recipientId()) : names.of(m.senderId());
    return "[" + TIME.format(m.sentAt()) + "] " + who + ": " + finalText(m.text(), m.recalled(), m.editedAt() != null);
  }

  /** A message's text as history shows it: "(recalled)", "the text (edited)", or the text. */
  static String finalText(String text, boolean recalled, boolean edited) {
    return recalled ? "(recalled)" : edited ? text + " (edited)" : text;
  }

  /** A friend as the friend lists print it: name, the remark in brackets, "online" when online. */
  static String line(Friend f) {
    return f.profile().name() + (f.remark().isEmpty() ? "" : " (" + f.remark() + ")") + (f.online() ? "  online" : "");
  }

  /** A device as the device list prints it: id, platform, name, online or last seen, this one marked. */
  static String line(Device d) {
    return d.deviceId() + "  " + d.platform() + (d.name().isEmpty() ? "" : "  \"" + d.name() + "\"")
        + (d.online() ? "  online" : "  last seen " + DAY_TIME.format(d.lastSeen())) + (d.current() ? "  (this device)" : "");
  }

  /** What a kick means for the user. */
  static String kickLine(KickReason reason, String text) {
    String why = reason == null ? "you logged in somewhere else" : switch (reason) {
      case REPLACED_BY_SAME_DEVICE -> "this device logged in again elsewhere (the same --device-id)";
      case PLATFORM_CONFLICT -> "you logged in on another device of the same platform";
      case TOO_MANY_DEVICES -> "you are logged in on too many devices";
      case REVOKED -> "this device was revoked (or the password changed); log in again";
      case DISABLED -> "the account was disabled";
    };
    return "signed out: " + why + " (" + text + ")";
  }

  /** A friend request as the lists and the live notice print it: requester and greeting. */
  static String line(FriendRequest r) {
    return r.from().name() + (r.greeting().isEmpty() ? "" : ": " + r.greeting());
  }

  @Override
  public void onMessage(ChatMessage message) {
    if (message.outgoing()) {
      if (!ownSends.remove(message.clientMsgId()) && live) {
        out.accept(line(message, names) + "   (from another device)");
      }
      return;
    }
    if (live) {
      out.accept(line(message, names));
    } else if (message.seq() > readElsewhere) {
      arrivedWhileAway.merge(message.senderId(), 1, Integer::sum);
    }
  }

  @Override
  public void onGroupMessage(GroupMessage message) {
    if (message.outgoing() && ownSends.remove(message.clientMsgId())) {
      return; // typed here: already on screen
    }
    if (live) {
      out.accept(GroupLines.line(message, names) + (message.outgoing() ? "   (from another device)" : ""));
    }
  }

  @Override
  public void onMessageRecalled(MessageRevision revision) {
    revised(revision, "recalled a message");
  }

  @Override
  public void onMessageEdited(MessageRevision revision) {
    revised(revision, "edited: " + revision.text());
  }

  @Override
  public void onMessageDeleted(MessageRevision revision) {
    revised(revision, "deleted a message with " + (live ? names.of(revision.peerId()) : ""));
  }

  /** "kim recalled a message", or for one this user made on another device "me ... (from another device)". */
  private void revised(MessageRevision revision, String what) {
    if (ownRevisions.remove(revisionKey(revision.messageId(), revision.kind())) || !live) {
      return; // made here: the shell already said so
    }
    boolean mine = revision.byUserId() != revision.peerId();
    out.accept("[" + TIME.format(revision.at()) + "] " + (mine ? "me" : names.of(revision.byUserId())) + " " + what
        + (mine ? "   (from another device)" : ""));
  }

  @Override
  public void onGroupMessageRecalled(GroupMessage entry) {
    groupRevised(entry, "recalled a message");
  }

  @Override
  public void onGroupMessageEdited(GroupMessage entry) {
    groupRevised(entry, "edited: " + entry.text());
  }

  /** "[12:00:01] #team kim recalled a message". */
  private void groupRevised(GroupMessage entry, String what) {
    if (ownRevisions.remove(revisionKey(entry.groupId(), entry.targetSeq(), entry.kind())) || !live) {
      return;
    }
    out.accept("[" + TIME.format(entry.sentAt()) + "] " + names.group(entry.groupId()) + " "
        + (entry.outgoing() ? "me" : names.of(entry.senderId())) + " " + what
        + (entry.outgoing() ? "   (from another device)" : ""));
  }

  @Override
  public void onGroupUpdated(Group group, GroupMessage entry) {
    if (live) {
      out.accept(GroupLines.line(entry, names));
    }
  }

  @Override
  public void onGroupNotice(GroupNotice notice) {
    if (live) {
      out.accept(now() + " " + GroupLines.line(notice, names));
    }
  }

  @Override
  public void onJoinRequest(JoinRequest request) {
    if (live) {
      out.accept(now() + " " + request.requester().name() + " asks to join " + names.group(request.groupId())
          + (request.greeting().isEmpty() ? "" : ": " + request.greeting()));
    }
  }

  @Override
  public void onReadPosition(long ackedSeq) {
    if (live) {
      out.accept(now() + " read up to message #" + ackedSeq + " on another device");
    } else {
      readElsewhere = ackedSeq; // the catch-up's messages up to here are read already
    }
  }

  @Override
  public void onFriendRequest(FriendRequest request) {
    if (live) {
      out.accept(now() + " friend request from " + line(request) + "   (/accept " + request.from().name() + ")");
    }
  }

  @Override
  public void onFriendAdded(Friend friend) {
    if (live) {
      names.refresh();
      out.accept(now() + " " + friend.profile().name() + " is now your friend");
    }
  }

  /** "kim is typing…" (in a group "kim is typing in #g…"); a stop prints nothing. */
  @Override
  public void onTyping(Typing typing) {
    if (live && typing.state() == TypingState.TYPING) {
      String where = typing.inGroup() ? " in " + names.group(typing.groupId()) : "";
      out.accept(now() + " " + names.of(typing.fromUserId()) + " is typing" + where + "\u2026");
    }
  }

  @Override
  public void onPresence(long userId, boolean online) {
    if (live) {
      out.accept(now() + " " + names.of(userId) + " is " + (online ? "online" : "offline"));
    }
  }

  @Override
  public void onLocalStoreReset(String reason) {
    out.accept(now() + " the server's history is not the one kept here; starting afresh (" + reason + ")");
  }

  @Override
  public void onKicked(KickReason reason, String text) {
    out.accept(now() + " " + kickLine(reason, text));
  }

  @Override
  public void onStateChanged(ConnectionState state, Throwable cause) {
    if (live && state != ConnectionState.CONNECTED) {
      out.accept(now() + " connection " + state.name().toLowerCase() + (cause == null ? "" : ": " + cause.getMessage()));
    } else if (live) {
      out.accept(now() + " connected");
    }
  }

  private static String now() {
    return "[" + TIME.format(Instant.now()) + "]";
  }
}
