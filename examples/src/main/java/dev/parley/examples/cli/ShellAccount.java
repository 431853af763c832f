package dev.parley.examples.cli;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodePurpose;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ParleyClient;
import java.util.Optional;

/**
 * The shell's account dialogues: logging in (asking again for email and password after a refusal,
 * never keeping a refused password) and registering (asking again for just the part that was
 * wrong: a weak password, a taken name, a mistyped code, with the same mailed code). Passwords are
 * read masked. Used by the shell's thread only; not thread-safe.
 */
final class ShellAccount {
  /** How often a dialogue asks again before it gives up. */
  static final int MAX_TRIES = 5;

  private final ParleyCli cli;
  private final ShellTerminal terminal;
  private final ParleyClient client;

  ShellAccount(ParleyCli cli, ShellTerminal terminal, ParleyClient client) {
    this.cli = cli;
    this.terminal = terminal;
    this.client = client;
  }

  /**
   * Logs in, starting from the command line's email and password when given, and asks again for
   * both after a refusal. Empty when the user gave up (empty email, end of input, too many tries).
   */
  Optional<ChatSession> login(ChatListener listener) throws Exception {
    for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
      String email = cli.email != null ? cli.email : terminal.ask("email (empty to cancel): ");
      if (email == null || email.isEmpty()) {
        return Optional.empty();
      }
      String password = cli.password != null ? cli.password : terminal.askSecret("password: ");
      if (password == null) {
        return Optional.empty();
      }
      try {
        ChatSession session = cli.connect(client, email, password, listener);
        cli.email = email;
        cli.password = password;
        return Optional.of(session);
      } catch (ChatException e) {
        if (e.code() != ErrorCode.INVALID_CREDENTIALS) {
          throw e;
        }
        cli.email = null; // ask for both again: either may be the mistyped one
        cli.password = null;
        terminal.print("login failed: wrong email or password; try again");
      }
    }
    terminal.print("giving up after " + MAX_TRIES + " failed logins");
    return Optional.empty();
  }

  /** Registers an account; on success the email and password are the ones to log in with. False when cancelled. */
  boolean register() {
    String email = terminal.ask("email: ");
    String name = email == null || email.isEmpty() ? null : terminal.ask("user name: ");
    String password = name == null ? null : terminal.askSecret("password: ");
    if (password == null) {
      return false;
    }
    client.requestVerificationCode(email, CodePurpose.REGISTER);
    terminal.print("a register code was mailed to " + email);
    String code = terminal.ask("code from the mail: ");
    for (int attempt = 1; code != null && name != null && password != null; attempt++) {
      try {
        client.register(email, name, password, code);
        terminal.print("registered " + name);
        cli.email = email;
        cli.password = password;
        return true;
      } catch (ChatException e) {
        if (attempt >= MAX_TRIES) {
          throw e;
        }
        switch (e.code()) {
          case WEAK_PASSWORD -> {
            terminal.print("that password is not accepted: " + e.detail() + "; choose another");
            password = terminal.askSecret("password: ");
          }
          case NAME_TAKEN, INVALID_NAME -> {
            terminal.print("that name is not available: " + e.detail() + "; choose another");
            name = terminal.ask("user name: ");
          }
          case INVALID_CODE -> {
            terminal.print("that code is not right: " + e.detail() + "; type the code from the same mail again");
            code = terminal.ask("code from the mail: ");
          }
          default -> throw e;
        }
      }
    }
    return false;
  }
}
