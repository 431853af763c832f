package dev.parley.examples.cli;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.RevisionKind;
import dev.parley.sdk.ChatMessage;
import dev.parley.core.model.TypingState;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.GroupDetails;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.GroupSummary;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.Profile;
import dev.parley.sdk.RevisionResult;
import java.util.HashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The interactive chat shell: {@code /register} or {@code /login}, then {@code /friends},
 * {@code /requests}, {@code /add}, {@code /accept}, {@code /chat NAME} (after which typed lines
 * go to NAME), {@code /history}, {@code /devices}, {@code /revoke DEVICE}, the group commands
 * {@code /groups}, {@code /group create NAME MEMBER...}, {@code /invite GROUP NAME},
 * {@code /kick GROUP NAME}, {@code /leave GROUP} and {@code /g GROUP [text]} (without text, typed
 * lines go to the group), {@code /recall} and {@code /edit TEXT} (your last message in the current
 * chat or group), {@code /delete} (the last message shown in the current chat, for you only),
 * {@code /logout} and {@code /quit}. A GROUP is a group's name or id. The prompt names the user and the current chat; incoming messages (and those sent
 * from the user's other devices), friend requests, friends' presence changes and reading on another
 * device are printed above the line being typed as they arrive. At login it shows the unread
 * messages per conversation. Errors name users by their names. Runs on the calling thread; not
 * thread-safe.
 */
final class InteractiveShell {
  private static final String HELP = String.join(System.lineSeparator(),
      "  /register              create an account (a code is mailed to you)",
      "  /login                 log in                /logout     log out",
      "  /friends               list friends          /requests   list friend requests",
      "  /add NAME [greeting]   ask NAME to be your friend",
      "  /accept NAME [remark]  accept NAME's friend request",
      "  /chat NAME             talk to NAME: every line you type is sent to them",
      "  /history [N]           the last N messages with the current chat partner (or group)",
      "  /devices               list your devices     /revoke DEVICE  sign that device out",
      "  /groups                your groups with unread counts",
      "  /group create NAME MEMBER...  create a group with these members",
      "  /invite GROUP NAME     add NAME to GROUP     /kick GROUP NAME  remove NAME from GROUP",
      "  /leave GROUP           leave GROUP           (GROUP: a group's name or id)",
      "  /g GROUP [text]        send text to GROUP, or without text talk in GROUP from now on",
      "  /recall                recall your last message in the current chat or group (within 2 minutes)",
      "  /edit TEXT             replace the text of your last message there (within 24 hours)",
      "  /delete                delete the last message of the current chat for you only (not in groups)",
      "  /mute on|off           mute this session for offline pushes (your phone is notified) or unmute it",
      "  /block NAME            refuse NAME's messages, requests and invites; hide your presence from them",
      "  /unblock NAME          end the block         /blocked    list who you block",
      "  /typing                tell the current chat partner (or group) you are typing",
      "  /quit                  leave");

  private final ParleyCli cli;
  private final ShellTerminal terminal;
  private final ChatPrinter printer;
  private ShellAccount account;
  private ChatSession session;
  private Names names;
  private Profile peer;
  /** The group typed lines go to, instead of {@link #peer}; null when none. */
  private GroupSummary group;
  /**
   * What this shell sent last per conversation ("u" + peer id: the message id; "g" + group id: the
   * entry's seq): the local store holds a message only once it has come back from the server.
   */
  private final Map<String, Long> lastSent = new HashMap<>();

  InteractiveShell(ParleyCli cli, ShellTerminal terminal) {
    this.cli = cli;
    this.terminal = terminal;
    this.printer = new ChatPrinter(terminal::print);
  }

  int run() throws Exception {
    try (ParleyClient client = cli.newClient()) {
      account = new ShellAccount(cli, terminal, client);
      terminal.print("parley-cli on " + cli.gate + " - /help for commands");
      if (cli.email != null && cli.password != null) {
        login();
      }
      String line;
      while ((line = terminal.readLine(this::prompt)) != null) {
        if (!handle(line.strip())) {
          break;
        }
      }
      logout(false);
      return 0;
    }
  }

  /** "parley> " before login, "ann> " after, "ann -> bob> " while chatting with bob. */
  private String prompt() {
    if (session == null) {
      return "parley> ";
    }
    String to = group != null ? " -> #" + group.displayName() : peer == null ? "" : " -> " + peer.name();
    return session.profile().name() + to + "> ";
  }

  /** Handles one typed line; false to quit. */
  private boolean handle(String line) {
    if (line.isEmpty()) {
      return true;
    }
    try {
      if (!line.startsWith("/")) {
        sendToPeer(line);
        return true;
      }
      String[] words = line.split("\\s+");
      String rest = String.join(" ", Arrays.copyOfRange(words, Math.min(2, words.length), words.length));
      return command(words[0], words.length > 1 ? words[1] : null, rest);
    } catch (Exception e) {
      terminal.print(named(ParleyCli.describe(e)));
    }
    return true;
  }

  private boolean command(String name, String arg, String rest) throws Exception {
    switch (name) {
      case "/quit", "/exit" -> {
        return false;
      }
      case "/help" -> terminal.print(HELP);
      case "/register" -> register();
      case "/login" -> login();
      case "/logout" -> logout(true);
      case "/friends" -> loggedIn().friends().forEach(f -> terminal.print("  " + ChatPrinter.line(f)));
      case "/requests" -> loggedIn().friendRequests().forEach(r -> terminal.print("  " + ChatPrinter.line(r)));
      case "/add" -> addFriend(required(arg, "/add NAME [greeting]"), rest);
      case "/accept" -> accept(required(arg, "/accept NAME [remark]"), rest);
      case "/chat" -> chatWith(required(arg, "/chat NAME"));
      case "/history" -> history(arg == null ? 20 : Integer.parseInt(arg));
      case "/devices" -> loggedIn().listDevices().forEach(d -> terminal.print("  " + ChatPrinter.line(d)));
      case "/revoke" -> revoke(required(arg, "/revoke DEVICE (an id /devices lists)"));
      case "/groups" -> listGroups();
      case "/group" -> createGroup(arg, rest);
      case "/invite" -> invite(required(arg, "/invite GROUP NAME"), required(emptyToNull(rest), "/invite GROUP NAME"));
      case "/kick" -> kick(required(arg, "/kick GROUP NAME"), required(emptyToNull(rest), "/kick GROUP NAME"));
      case "/leave" -> leave(required(arg, "/leave GROUP"));
      case "/g" -> groupChat(required(arg, "/g GROUP [text]"), rest);
      case "/recall" -> revise(RevisionKind.RECALLED, null);
      case "/edit" -> revise(RevisionKind.EDITED, required(emptyToNull(arg == null ? null : (arg + " " + rest).strip()),
          "/edit TEXT"));
      case "/delete" -> revise(RevisionKind.DELETED, null);
      case "/mute" -> mute(required(arg, "/mute on|off"));
      case "/block" -> block(required(arg, "/block NAME"), true);
      case "/unblock" -> block(required(arg, "/unblock NAME"), false);
      case "/blocked" -> loggedIn().listBlocked().forEach(b -> terminal.print("  " + b.profile().name()
          + "   (blocked " + b.blockedAt() + ")"));
      case "/typing" -> typing();
      default -> terminal.print("unknown command " + name + "; /help lists them");
    }
    return true;
  }

  private void register() throws Exception {
    if (account.register()) {
      login();
    }
  }

  private void login() throws Exception {
    logout(false);
    printer.reset();
    Optional<ChatSession> opened = account.login(printer);
    if (opened.isEmpty()) {
      terminal.print("not logged in");
      return;
    }
    session = opened.get();
    names = new Names(session);
    printer.start(names);
    terminal.print("logged in as " + session.profile().name());
    showUnread();
    int pending = session.localStore().pendingRequests().size();
    if (pending > 0) {
      terminal.print(pending + " friend request(s) waiting: /requests");
    }
  }

  /**
   * The messages per conversation that arrived since this client last ran: those the login's
   * catch-up brought in, less those read on another device meanwhile (below the read position the
   * login found). (The server's unread counts cannot tell: the SDK acknowledges what it delivers,
   * so by now the server counts them as read.)
   */
  private void showUnread() {
    Map<Long, Integer> unread = printer.takeArrivedWhileAway();
    if (unread.isEmpty()) {
      terminal.print("no unread messages");
      return;
    }
    terminal.print("unread: " + unread.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
        .map(e -> names.of(e.getKey()) + " " + e.getValue()).collect(Collectors.joining(", ")));
  }

  /** Closes the session; email and password are forgotten, so the next /login asks for them. */
  private void logout(boolean tell) {
    if (session == null) {
      if (tell) {
        terminal.print("not logged in");
      }
      return;
    }
    printer.stop();
    String who = session.profile().name();
    session.close();
    session = null;
    names = null;
    peer = null;
    group = null;
    lastSent.clear();
    cli.email = null; // the next /login asks for both: it may be another account
    cli.password = null;
    if (tell) {
      terminal.print("logged out " + who);
    }
  }

  private void addFriend(String name, String greeting) {
    Profile target = namesOrFail().resolve(name);
    loggedIn().sendFriendRequest(target.userId(), greeting, "");
    terminal.print("friend request sent to " + target.name());
  }

  private void accept(String name, String remark) {
    Profile requester = namesOrFail().resolve(name);
    loggedIn().acceptFriendRequest(requester.userId(), remark);
    names.refresh();
    terminal.print(requester.name() + " is now your friend");
  }

  private void block(String name, boolean on) {
    Profile target = namesOrFail().resolve(name);
    if (on) {
      loggedIn().block(target.userId());
      terminal.print("blocked " + target.name() + ": their messages, requests and invites are refused");
    } else {
      loggedIn().unblock(target.userId());
      terminal.print("unblocked " + target.name());
    }
  }

  /** Tells the current partner or group "typing" once (the server limits how often). */
  private void typing() {
    if (group != null) {
      loggedIn().groupTyping(group.groupId(), TypingState.TYPING);
    } else if (peer != null) {
      loggedIn().typing(peer.userId(), TypingState.TYPING);
    } else {
      terminal.print("pick someone with /chat NAME or a group with /g GROUP first (/help for commands)");
    }
  }

  private void chatWith(String name) {
    peer = namesOrFail().resolve(name);
    group = null;
    terminal.print("chatting with " + peer.name() + "; type to send, /chat NAME to switch");
    history(10);
  }

  private void history(int limit) {
    if (group != null) {
      loggedIn().localStore().groupMessages(group.groupId(), Math.max(limit, 1)).stream()
          .filter(m -> !m.isRevision()) // their messages show in the final state
          .forEach(m -> terminal.print(GroupLines.line(m, names)));
      return;
    }
    if (peer == null) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "pick someone with /chat NAME first");
    }
    loggedIn().localStore().messages(peer.userId(), Math.max(limit, 1))
        .forEach(m -> terminal.print(ChatPrinter.line(m, names)));
  }

  private void revoke(String deviceId) {
    ChatSession s = loggedIn();
    boolean self = deviceId.equals(s.deviceId());
    s.revokeDevice(deviceId);
    terminal.print("revoked device " + deviceId + (self ? " (this one: you are signed out)" : ""));
  }

  private void mute(String onOff) {
    if (!onOff.equals("on") && !onOff.equals("off")) {
      terminal.print("/mute on|off");
      return;
    }
    loggedIn().muteSession(onOff.equals("on"));
    terminal.print(onOff.equals("on") ? "session muted: messages still come here, and your phone is notified too"
        : "session unmuted");
  }

  private void listGroups() {
    List<GroupSummary> groups = loggedIn().listGroups(100);
    if (groups.isEmpty()) {
      terminal.print("no groups yet: /group create NAME MEMBER...");
    }
    groups.forEach(g -> terminal.print("  " + GroupLines.line(g)));
  }

  private void createGroup(String sub, String rest) {
    String usage = "/group create NAME MEMBER...";
    if (!"create".equals(sub) || rest.isEmpty()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "usage: " + usage);
    }
    String[] words = rest.split("\\s+");
    List<Long> members = Arrays.stream(words, 1, words.length).map(n -> namesOrFail().resolve(n).userId()).toList();
    GroupDetails created = loggedIn().createGroup(words[0], members);
    terminal.print("created #" + created.group().name() + " (id " + created.group().groupId() + ") with "
        + created.group().memberCount() + " members; /g " + created.group().name() + " to talk in it");
  }

  private void invite(String groupName, String userName) {
    GroupSummary g = namesOrFail().resolveGroup(groupName);
    Profile user = names.resolve(userName);
    boolean added = loggedIn().inviteToGroup(g.groupId(), List.of(user.userId())).addedIds().contains(user.userId());
    terminal.print(user.name() + (added ? " is now in #" : " was already in #") + g.displayName());
  }

  private void kick(String groupName, String userName) {
    GroupSummary g = namesOrFail().resolveGroup(groupName);
    Profile user = names.resolve(userName);
    loggedIn().kickMember(g.groupId(), user.userId());
    terminal.print("removed " + user.name() + " from #" + g.displayName());
  }

  private void leave(String groupName) {
    GroupSummary g = namesOrFail().resolveGroup(groupName);
    loggedIn().leaveGroup(g.groupId());
    if (group != null && group.groupId() == g.groupId()) {
      group = null;
    }
    terminal.print("you left #" + g.displayName());
  }

  /** With text: sends it to the group. Without: typed lines go to the group from now on. */
  private void groupChat(String groupName, String text) {
    GroupSummary g = namesOrFail().resolveGroup(groupName);
    if (!text.isEmpty()) {
      sendToGroup(g, text);
      return;
    }
    group = g;
    peer = null;
    terminal.print("talking in #" + g.displayName() + "; type to send, /g GROUP or /chat NAME to switch");
    loggedIn().localStore().groupMessages(g.groupId(), 10).stream().filter(m -> !m.isRevision())
        .forEach(m -> terminal.print(GroupLines.line(m, names)));
    loggedIn().markGroupReadAsync(g.groupId());
  }

  private void sendToGroup(GroupSummary g, String text) {
    String clientMsgId = UUID.randomUUID().toString();
    printer.sending(clientMsgId);
    try {
      lastSent.put("g" + g.groupId(), ParleyCli.await(loggedIn().sendGroupMessageAsync(g.groupId(), text, clientMsgId)).seq());
    } catch (ChatException e) {
      String why = switch (e.code()) {
        case MUTED -> "you may not speak in #" + g.displayName() + " now (muted)";
        case NOT_A_MEMBER -> "you are not in #" + g.displayName() + " any more";
        default -> null;
      };
      if (why == null) {
        throw e;
      }
      terminal.print("error: " + e.code() + ": " + why);
    }
  }

  /**
   * /recall, /edit and /delete in the current conversation: recall and edit take this user's newest
   * message there (whatever its state: the server refuses to edit a recalled one), delete the newest
   * one shown. The shell's own line says how it went; the revision's echo is not printed again.
   */
  private void revise(RevisionKind kind, String text) {
    ChatSession s = loggedIn();
    if (group != null) {
      reviseInGroup(s, group, kind, text);
      return;
    }
    if (peer == null) {
      terminal.print("pick someone with /chat NAME or a group with /g GROUP first (/help for commands)");
      return;
    }
    OptionalLong target = lastMessageWith(s, peer.userId(), kind != RevisionKind.DELETED);
    if (target.isEmpty()) {
      terminal.print(kind == RevisionKind.DELETED ? "no message with " + peer.name() + " to delete"
          : "you have sent " + peer.name() + " nothing to " + verb(kind));
      return;
    }
    long id = target.getAsLong();
    String key = ChatPrinter.revisionKey(id, kind);
    applied(() -> switch (kind) {
      case RECALLED -> s.recallAsync(id);
      case EDITED -> s.editAsync(id, text);
      case DELETED -> s.deleteForMeAsync(id);
    }, key, kind, kind == RevisionKind.DELETED ? "message deleted for you (" + peer.name() + " keeps it)"
        : kind == RevisionKind.RECALLED ? "message recalled for you and " + peer.name() : "message edited");
  }

  private void reviseInGroup(ChatSession s, GroupSummary g, RevisionKind kind, String text) {
    if (kind == RevisionKind.DELETED) {
      terminal.print("/delete is for one-to-one chats; in #" + g.displayName() + " /recall your own message instead");
      return;
    }
    long own = s.localStore().groupMessages(g.groupId(), 200).stream()
        .filter(m -> m.outgoing() && m.kind() == GroupMessageKind.TEXT).mapToLong(GroupMessage::seq).max().orElse(0);
    long seq = Math.max(own, lastSent.getOrDefault("g" + g.groupId(), 0L));
    if (seq == 0) {
      terminal.print("you have said nothing in #" + g.displayName() + " to " + verb(kind));
      return;
    }
    boolean recall = kind == RevisionKind.RECALLED;
    String key = ChatPrinter.revisionKey(g.groupId(), seq,
        recall ? GroupMessageKind.MESSAGE_RECALLED : GroupMessageKind.MESSAGE_EDITED);
    applied(() -> recall ? s.recallGroupMessageAsync(g.groupId(), seq) : s.editGroupMessageAsync(g.groupId(), seq, text), key,
        kind, recall ? "message recalled in #" + g.displayName() : "message edited in #" + g.displayName());
  }

  /**
   * The id of the newest message with {@code peerId}: this user's own when {@code own}, else any
   * shown; the one this shell sent last counts even before it is back in the local store.
   */
  private OptionalLong lastMessageWith(ChatSession s, long peerId, boolean own) {
    List<ChatMessage> shown = s.localStore().messages(peerId, own ? 200 : 1);
    long stored = shown.stream().filter(m -> !own || m.outgoing()).mapToLong(ChatMessage::messageId).max().orElse(0);
    long newest = Math.max(stored, lastSent.getOrDefault("u" + peerId, 0L));
    return newest == 0 ? OptionalLong.empty() : OptionalLong.of(newest);
  }

  /** Waits for a recall, edit or delete and says how it went; the errors a user can cause are explained. */
  private void applied(Supplier<CompletableFuture<RevisionResult>> call, String key, RevisionKind kind, String done) {
    printer.revising(key); // before the call: its echo may come back before the answer
    try {
      RevisionResult result = ParleyCli.await(call.get());
      if (result.duplicate()) {
        printer.notRevising(key);
        terminal.print("that message was " + (kind == RevisionKind.RECALLED ? "recalled" : "deleted") + " already");
        return;
      }
      terminal.print(done);
    } catch (ChatException e) {
      printer.notRevising(key);
      String why = switch (e.code()) {
        case TOO_LATE -> "too late to " + verb(kind) + " that message: the time for it has passed";
        case NOT_ALLOWED -> kind == RevisionKind.EDITED ? "that message cannot be edited (it was recalled)"
            : "you may only " + verb(kind) + " your own messages";
        case NOT_FOUND -> "that message is not there any more";
        default -> null;
      };
      if (why == null) {
        throw e;
      }
      terminal.print("error: " + e.code() + ": " + why);
    }
  }

  private static String verb(RevisionKind kind) {
    return switch (kind) {
      case RECALLED -> "recall";
      case EDITED -> "edit";
      case DELETED -> "delete";
    };
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private void sendToPeer(String text) {
    if (group != null) {
      sendToGroup(group, text);
      return;
    }
    if (peer == null) {
      terminal.print("pick someone with /chat NAME or a group with /g GROUP first (/help for commands)");
      return;
    }
    try {
      String clientMsgId = UUID.randomUUID().toString();
      printer.sending(clientMsgId);
      lastSent.put("u" + peer.userId(), ParleyCli.await(loggedIn().sendMessageAsync(peer.userId(), text, clientMsgId)).messageId());
    } catch (ChatException e) {
      if (e.code() != ErrorCode.NOT_FRIENDS) {
        throw e;
      }
      terminal.print("error: NOT_FRIENDS: " + peer.name() + " is not your friend yet; /add " + peer.name() + " first");
    }
  }

  private String named(String message) {
    return names == null ? message : names.withNames(message);
  }

  private ChatSession loggedIn() {
    if (session == null) {
      throw new ChatException(ErrorCode.NOT_LOGGED_IN, "log in first: /login or /register");
    }
    return session;
  }

  private Names namesOrFail() {
    loggedIn();
    return names;
  }

  private static String required(String arg, String usage) {
    if (arg == null) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "usage: " + usage);
    }
    return arg;
  }
}
