package dev.parley.examples.cli;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.Profile;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The interactive chat shell: {@code /register} or {@code /login}, then {@code /friends},
 * {@code /requests}, {@code /add}, {@code /accept}, {@code /chat NAME} (after which typed lines
 * go to NAME), {@code /history}, {@code /devices}, {@code /revoke DEVICE}, {@code /logout} and
 * {@code /quit}. The prompt names the user and the current chat; incoming messages (and those sent
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
      "  /history [N]           the last N messages with the current chat partner",
      "  /devices               list your devices     /revoke DEVICE  sign that device out",
      "  /quit                  leave");

  private final ParleyCli cli;
  private final ShellTerminal terminal;
  private final ChatPrinter printer;
  private ShellAccount account;
  private ChatSession session;
  private Names names;
  private Profile peer;

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
    return session.profile().name() + (peer == null ? "" : " -> " + peer.name()) + "> ";
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

  private void chatWith(String name) {
    peer = namesOrFail().resolve(name);
    terminal.print("chatting with " + peer.name() + "; type to send, /chat NAME to switch");
    history(10);
  }

  private void history(int limit) {
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

  private void sendToPeer(String text) {
    if (peer == null) {
      terminal.print("pick someone with /chat NAME first (/help for commands)");
      return;
    }
    try {
      String clientMsgId = UUID.randomUUID().toString();
      printer.sending(clientMsgId);
      ParleyCli.await(loggedIn().sendMessageAsync(peer.userId(), text, clientMsgId));
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
