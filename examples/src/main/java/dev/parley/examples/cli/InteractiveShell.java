package dev.parley.examples.cli;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodePurpose;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.Profile;
import java.util.Arrays;

/**
 * The interactive chat shell: {@code /register} or {@code /login}, then {@code /friends},
 * {@code /requests}, {@code /add}, {@code /accept}, {@code /chat NAME} (after which typed lines
 * go to NAME), {@code /history} and {@code /quit}. Incoming messages and friend requests appear
 * as they arrive. Runs on the calling thread; not thread-safe.
 */
final class InteractiveShell {
  private static final String HELP = String.join(System.lineSeparator(),
      "  /register              create an account (a code is mailed to you)",
      "  /login                 log in",
      "  /friends               list friends          /requests   list friend requests",
      "  /add NAME [greeting]   ask NAME to be your friend",
      "  /accept NAME [remark]  accept NAME's friend request",
      "  /chat NAME             talk to NAME: every line you type is sent to them",
      "  /history [N]           the last N messages with the current chat partner",
      "  /quit                  leave");

  private final ParleyCli cli;
  private final ChatPrinter printer;
  private ParleyClient client;
  private ChatSession session;
  private Names names;
  private Profile peer;

  InteractiveShell(ParleyCli cli) {
    this.cli = cli;
    this.printer = new ChatPrinter(cli.out);
  }

  int run() throws Exception {
    try (ParleyClient c = cli.newClient()) {
      client = c;
      cli.out.println("parley-cli on " + cli.gate + " - /help for commands");
      if (cli.email != null && cli.password != null) {
        login();
      }
      String line;
      while ((line = cli.in.readLine()) != null) {
        if (!handle(line.strip())) {
          break;
        }
      }
      if (session != null) {
        session.close();
      }
      return 0;
    }
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
    } catch (ChatException e) {
      cli.out.println("error: " + e.code() + ": " + e.detail());
    } catch (Exception e) {
      cli.out.println("error: " + e.getMessage());
    }
    return true;
  }

  private boolean command(String name, String arg, String rest) throws Exception {
    switch (name) {
      case "/quit", "/exit" -> {
        return false;
      }
      case "/help" -> cli.out.println(HELP);
      case "/register" -> register();
      case "/login" -> login();
      case "/friends" -> listFriends();
      case "/requests" -> listRequests();
      case "/add" -> addFriend(required(arg, "/add NAME [greeting]"), rest);
      case "/accept" -> accept(required(arg, "/accept NAME [remark]"), rest);
      case "/chat" -> chatWith(required(arg, "/chat NAME"));
      case "/history" -> history(arg == null ? 20 : Integer.parseInt(arg));
      default -> cli.out.println("unknown command " + name + "; /help lists them");
    }
    return true;
  }

  private void register() throws Exception {
    String email = cli.ask("email: ", false);
    String name = cli.ask("user name: ", false);
    String password = cli.ask("password: ", true);
    cli.requestCode(client, email, CodePurpose.REGISTER);
    String code = cli.ask("code from the mail: ", false);
    client.register(email, name, password, code);
    cli.out.println("registered " + name);
    cli.email = email;
    cli.password = password;
    login();
  }

  private void login() throws Exception {
    if (cli.email == null) {
      cli.email = cli.ask("email: ", false);
    }
    if (session != null) {
      session.close();
    }
    session = cli.connect(client, printer);
    names = new Names(session);
    printer.start(names);
    cli.out.println("logged in as " + session.profile().name());
    int pending = session.localStore().pendingRequests().size();
    if (pending > 0) {
      cli.out.println(pending + " friend request(s) waiting: /requests");
    }
  }

  private void listFriends() {
    for (Friend f : loggedIn().friends()) {
      cli.out.println("  " + ChatPrinter.line(f));
    }
  }

  private void listRequests() {
    for (FriendRequest r : loggedIn().friendRequests()) {
      cli.out.println("  " + ChatPrinter.line(r));
    }
  }

  private void addFriend(String name, String greeting) {
    Profile target = namesOrFail().resolve(name);
    loggedIn().sendFriendRequest(target.userId(), greeting, "");
    cli.out.println("friend request sent to " + target.name());
  }

  private void accept(String name, String remark) {
    Profile requester = namesOrFail().resolve(name);
    loggedIn().acceptFriendRequest(requester.userId(), remark);
    names.refresh();
    cli.out.println(requester.name() + " is now your friend");
  }

  private void chatWith(String name) {
    peer = namesOrFail().resolve(name);
    cli.out.println("chatting with " + peer.name() + "; type to send, /chat NAME to switch");
    history(10);
  }

  private void history(int limit) {
    if (peer == null) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "pick someone with /chat NAME first");
    }
    loggedIn().localStore().messages(peer.userId(), Math.max(limit, 1))
        .forEach(m -> cli.out.println(ChatPrinter.line(m, names)));
  }

  private void sendToPeer(String text) {
    if (peer == null) {
      cli.out.println("pick someone with /chat NAME first (/help for commands)");
      return;
    }
    loggedIn().sendMessage(peer.userId(), text);
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
