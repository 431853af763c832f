package dev.parley.examples.cli;

import dev.parley.core.model.CodePurpose;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.Profile;
import dev.parley.sdk.RevisionResult;
import dev.parley.sdk.SendResult;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The one-shot commands of {@link ParleyCli}, for scripts. Each is one picocli command object per run. */
final class ScriptCommands {
  private ScriptCommands() {}

  /** Shared plumbing: run with a fresh client, with Parley errors mapped to exit statuses. */
  abstract static class ClientCommand implements Callable<Integer> {
    @ParentCommand
    ParleyCli cli;

    @Override
    public Integer call() {
      return cli.guarded(() -> {
        try (ParleyClient client = cli.newClient()) {
          return run(client);
        }
      });
    }

    abstract int run(ParleyClient client) throws Exception;
  }

  /** Shared plumbing: run against a logged-in session of a fresh client. */
  abstract static class SessionCommand extends ClientCommand {
    @Override
    final int run(ParleyClient client) throws Exception {
      ChatSession session = cli.connect(client, new ChatListener() { });
      try {
        return run(session, new Names(session));
      } finally {
        session.close();
      }
    }

    abstract int run(ChatSession session, Names names) throws Exception;
  }

  @Command(name = "request-code", description = "Mail a verification code to --email.")
  static final class RequestCode extends ClientCommand {
    @Option(names = "--purpose", defaultValue = "REGISTER", description = "REGISTER or RESET_PASSWORD")
    CodePurpose purpose;

    @Override
    int run(ParleyClient client) throws Exception {
      cli.requestCode(client, cli.requireEmail(), purpose);
      return 0;
    }
  }

  @Command(name = "register", description = "Create the --email account with the mailed code.")
  static final class Register extends ClientCommand {
    @Option(names = "--name", required = true, description = "your unique user name")
    String name;

    @Option(names = "--code", required = true, description = "the code from the mail")
    String code;

    @Override
    int run(ParleyClient client) throws Exception {
      var registration = client.register(cli.requireEmail(), name, cli.requirePassword(), code);
      cli.out.println("registered " + registration.name() + " (user " + registration.userId() + ")");
      return 0;
    }
  }

  @Command(name = "reset-password", description = "Set a new password with a RESET_PASSWORD code.")
  static final class ResetPassword extends ClientCommand {
    @Option(names = "--code", required = true, description = "the code from the mail")
    String code;

    @Option(names = "--new-password", required = true, description = "the new password")
    String newPassword;

    @Override
    int run(ParleyClient client) throws Exception {
      client.resetPassword(cli.requireEmail(), code, newPassword);
      cli.out.println("password changed");
      return 0;
    }
  }

  @Command(name = "send", description = "Send a message to a user.")
  static final class Send extends SessionCommand {
    @Parameters(index = "0", description = "who to send to (user name or remark)")
    String to;

    @Parameters(index = "1..*", arity = "1..*", description = "the text")
    List<String> words;

    @Override
    int run(ChatSession session, Names names) {
      Profile peer = names.resolve(to);
      SendResult sent = session.sendMessage(peer.userId(), String.join(" ", words));
      cli.out.println("sent to " + peer.name() + " (message " + sent.messageId() + ")");
      return 0;
    }
  }

  @Command(name = "inbox", description = "Print the messages received since the last inbox.")
  static final class Inbox extends SessionCommand {
    @Override
    int run(ChatSession session, Names names) {
      InboxPosition position = InboxPosition.of(session);
      long shown = position.read();
      List<ChatMessage> fresh;
      while (!(fresh = session.localStore().messagesAfter(shown, 500)).isEmpty()) {
        fresh.stream().filter(m -> !m.outgoing() && !m.deleted()).forEach(m -> cli.out.println(ChatPrinter.line(m, names)));
        shown = fresh.get(fresh.size() - 1).seq();
      }
      position.write(Math.max(shown, session.localStore().highestContiguousSeq()));
      return 0;
    }
  }

  @Command(name = "add", description = "Ask a user to be your friend.")
  static final class Add extends SessionCommand {
    @Parameters(index = "0", description = "their user name")
    String name;

    @Parameters(index = "1..*", arity = "0..*", description = "a greeting")
    List<String> greeting = List.of();

    @Option(names = "--remark", defaultValue = "", description = "what you will call them")
    String remark;

    @Override
    int run(ChatSession session, Names names) {
      Profile peer = names.resolve(name);
      session.sendFriendRequest(peer.userId(), String.join(" ", greeting), remark);
      cli.out.println("friend request sent to " + peer.name());
      return 0;
    }
  }

  @Command(name = "accept", description = "Accept a friend request.")
  static final class Accept extends SessionCommand {
    @Parameters(index = "0", description = "the requester's user name")
    String name;

    @Option(names = "--remark", defaultValue = "", description = "what you will call them")
    String remark;

    @Override
    int run(ChatSession session, Names names) {
      Profile requester = names.resolve(name);
      Friend friend = session.acceptFriendRequest(requester.userId(), remark);
      cli.out.println(friend.profile().name() + " is now your friend");
      return 0;
    }
  }

  @Command(name = "friends", description = "List your friends.")
  static final class Friends extends SessionCommand {
    @Override
    int run(ChatSession session, Names names) {
      for (Friend f : session.friends()) {
        cli.out.println(ChatPrinter.line(f));
      }
      return 0;
    }
  }

  @Command(name = "devices", description = "List your devices (this one marked) and whether they are online.")
  static final class Devices extends SessionCommand {
    @Override
    int run(ChatSession session, Names names) {
      session.listDevices().forEach(d -> cli.out.println(ChatPrinter.line(d)));
      return 0;
    }
  }

  @Command(name = "revoke", description = "Sign out one of your devices; it must log in with the password again.")
  static final class Revoke extends SessionCommand {
    @Parameters(index = "0", description = "the device's id, as devices lists it")
    String deviceId;

    @Override
    int run(ChatSession session, Names names) {
      session.revokeDevice(deviceId);
      cli.out.println("revoked device " + deviceId);
      return 0;
    }
  }

  @Command(name = "requests", description = "List friend requests waiting for your answer.")
  static final class Requests extends SessionCommand {
    @Override
    int run(ChatSession session, Names names) {
      for (FriendRequest r : session.friendRequests()) {
        cli.out.println(ChatPrinter.line(r));
      }
      return 0;
    }
  }

  @Command(name = "history", description = "Print the latest messages with a user, from the local history.")
  static final class History extends SessionCommand {
    @Parameters(index = "0", description = "the other user's name")
    String name;

    @Option(names = "--limit", defaultValue = "20", description = "how many messages")
    int limit;

    @Override
    int run(ChatSession session, Names names) {
      Profile peer = names.resolve(name);
      session.localStore().messages(peer.userId(), Math.max(limit, 1))
          .forEach(m -> cli.out.println(ChatPrinter.line(m, names)));
      return 0;
    }
  }

  @Command(name = "recall", description = "Recall a message you sent, for both of you (within the recall window).")
  static final class Recall extends SessionCommand {
    @Parameters(index = "0", description = "the message's id, as send prints it")
    long messageId;

    @Override
    int run(ChatSession session, Names names) {
      RevisionResult result = session.recall(messageId);
      cli.out.println(result.duplicate() ? "message " + messageId + " was recalled already" : "recalled message " + messageId);
      return 0;
    }
  }

  @Command(name = "edit", description = "Replace the text of a message you sent, for both of you (within the edit window).")
  static final class Edit extends SessionCommand {
    @Parameters(index = "0", description = "the message's id, as send prints it")
    long messageId;

    @Parameters(index = "1..*", arity = "1..*", description = "the new text")
    List<String> words;

    @Override
    int run(ChatSession session, Names names) {
      session.edit(messageId, String.join(" ", words));
      cli.out.println("edited message " + messageId);
      return 0;
    }
  }

  @Command(name = "delete", description = "Delete a message (sent or received) for yourself only.")
  static final class Delete extends SessionCommand {
    @Parameters(index = "0", description = "the message's id")
    long messageId;

    @Override
    int run(ChatSession session, Names names) {
      RevisionResult result = session.deleteForMe(messageId);
      cli.out.println(result.duplicate() ? "message " + messageId + " was deleted already" : "deleted message " + messageId
          + " for you");
      return 0;
    }
  }
}
