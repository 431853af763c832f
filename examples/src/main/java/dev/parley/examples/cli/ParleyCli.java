package dev.parley.examples.cli;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.Platform;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ChatTransport;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.store.LocalStoreFactory;
import dev.parley.sdk.store.LocalStoreLockedException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Parley terminal client. Without a command it is an interactive chat shell; with one it does
 * that one thing and exits, for scripts:
 *
 * <pre>
 * parley-cli --gate URL --email E request-code
 * parley-cli --gate URL --email E --password P register --name N --code C
 * parley-cli --gate URL --email E --password P send NAME "text"
 * parley-cli --gate URL --email E --password P inbox
 * </pre>
 *
 * Exit status: 0 on success, 1 for an unexpected failure, 2 for a usage error, 3 when another
 * parley-cli already holds this account's local store, {@code 10 + ordinal} of the
 * {@link ErrorCode} on a Parley error (printed as {@code error: CODE: message}).
 * Each account's history lives in a durable store under {@code --data-dir} (default
 * {@code ~/.parley}), so {@code inbox} prints only what arrived since its last run. Each data
 * directory is one device of the account ({@code --device-id}, by default made once and kept in the
 * directory; {@code --platform}, by default DESKTOP): the same account may chat from several.
 *
 * <p>Not thread-safe: one instance per run.
 */
@Command(name = "parley-cli", mixinStandardHelpOptions = true, version = "parley-cli 0.1",
    description = "Chat on a Parley server from the terminal.",
    footer = {"", "Exit status:", "  0   success", "  1   unexpected failure", "  2   usage error",
        "  3   another parley-cli is already running for this account (its local store is locked)",
        "  10+ a Parley error: 10 + the code's position in ErrorCode, e.g. "
            + "INVALID_CREDENTIALS = 17, NOT_FOUND = 20 (printed as \"error: CODE: message\")"},
    subcommands = {ScriptCommands.RequestCode.class, ScriptCommands.Register.class,
        ScriptCommands.ResetPassword.class, ScriptCommands.Send.class, ScriptCommands.Inbox.class,
        ScriptCommands.Add.class, ScriptCommands.Accept.class, ScriptCommands.Friends.class,
        ScriptCommands.Requests.class, ScriptCommands.History.class, ScriptCommands.Devices.class,
        ScriptCommands.Revoke.class, ScriptCommands.Recall.class, ScriptCommands.Edit.class,
        ScriptCommands.Delete.class})
public final class ParleyCli implements Callable<Integer> {
  /** How long a command waits for its session to catch up with the server. */
  static final long CATCH_UP_SECONDS = 30;
  /** The exit status when this account's local store is held by another process. */
  public static final int EXIT_STORE_LOCKED = 3;
  static final String STORE_LOCKED = "another parley-cli is already running for this account; "
      + "close it or use --store-dir";

  @Option(names = "--gate", description = "the gate's URL (default: $PARLEY_GATE or ${DEFAULT-VALUE})",
      defaultValue = "${env:PARLEY_GATE:-http://127.0.0.1:8080}")
  URI gate;

  @Option(names = "--ca-file", description = "PEM CA certificate(s) to trust for an https:// gate and TLS chat "
      + "nodes instead of the system's (default: $PARLEY_CA_FILE)", defaultValue = "${env:PARLEY_CA_FILE}")
  Path caFile;

  @Option(names = "--websocket", description = "reach the chat node over its WebSocket port instead of TCP")
  boolean websocket;

  @Option(names = "--email", description = "your account's email (default: $PARLEY_EMAIL)",
      defaultValue = "${env:PARLEY_EMAIL}")
  String email;

  @Option(names = "--password", description = "your password (default: $PARLEY_PASSWORD; asked when missing)",
      defaultValue = "${env:PARLEY_PASSWORD}")
  String password;

  @Option(names = "--jwt", description = "log in with this JWT from your host application instead of email and "
      + "password (default: $PARLEY_JWT)", defaultValue = "${env:PARLEY_JWT}")
  String jwt;

  @Option(names = "--jwt-file", description = "log in with the JWT in this file (keeps it out of the process list)")
  java.nio.file.Path jwtFile;

  @Option(names = {"--data-dir", "--store-dir"}, description = "where history is kept (default: ${DEFAULT-VALUE})",
      defaultValue = "${sys:user.home}/.parley")
  Path dataDir;

  @Option(names = "--device-id", description = "this device's id, 1-64 of A-Z a-z 0-9 . _ : - (default: the one kept"
      + " in the data directory, made on first use)")
  String deviceId;

  @Option(names = "--platform", description = "what kind of device this is: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
      defaultValue = "DESKTOP")
  Platform platform;

  final InputStream rawIn;
  final BufferedReader in;
  final PrintStream out;
  final PrintStream err;

  ParleyCli(InputStream in, PrintStream out, PrintStream err) {
    this.rawIn = in;
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(System.in, System.out, System.err, args));
  }

  /** Runs the client with the given streams and arguments; returns the exit status. */
  public static int execute(InputStream in, PrintStream out, PrintStream err, String... args) {
    CommandLine cli = new CommandLine(new ParleyCli(in, out, err));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** No command: the interactive shell. */
  @Override
  public Integer call() {
    return guarded(() -> {
      try (ShellTerminal terminal = ShellTerminal.open(rawIn, out, out == System.out)) {
        return new InteractiveShell(this, terminal).run();
      }
    });
  }

  /** Runs {@code action}, turning a Parley error into its message and exit status. */
  int guarded(Callable<Integer> action) {
    try {
      return action.call();
    } catch (Exception e) {
      err.println(describe(e));
      if (lockedStore(e)) {
        return EXIT_STORE_LOCKED;
      }
      return e instanceof ChatException ce ? exitStatus(ce.code()) : 1;
    }
  }

  /** The line that reports {@code e} to the user. */
  static String describe(Exception e) {
    if (lockedStore(e)) {
      return "error: " + STORE_LOCKED;
    }
    if (e instanceof ChatException ce) {
      return "error: " + ce.code() + ": " + ce.detail();
    }
    return "error: " + (e instanceof IllegalArgumentException || e instanceof IllegalStateException ? e.getMessage() : e);
  }

  /** Whether {@code e} comes from this account's store being held by another process. */
  static boolean lockedStore(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LocalStoreLockedException) {
        return true;
      }
    }
    return false;
  }

  /** The exit status for {@code code}: 10 plus its position in {@link ErrorCode}. */
  public static int exitStatus(ErrorCode code) {
    return 10 + code.ordinal();
  }

  /**
   * A client whose sessions keep their history in this gate's folder under the data directory, as
   * the device {@code --device-id} (default: the one kept in that folder) on {@code --platform}.
   */
  ParleyClient newClient() {
    Path storeDir = dataDir.resolve(gate.getHost() + "_" + gate.getPort());
    ParleyClient.Builder b = ParleyClient.builder().gateUrl(gate)
        .transport(websocket ? ChatTransport.WEBSOCKET : ChatTransport.TCP)
        .localStoreFactory(LocalStoreFactory.mvStore(storeDir)).platform(platform);
    if (deviceId != null) {
      b.deviceId(deviceId);
    }
    if (caFile != null) {
      b.trustedCertificates(caFile);
    }
    return b.build();
  }

  /** Logs in with the options' credentials and waits until the session holds everything the server has. */
  ChatSession connect(ParleyClient client, ChatListener listener) throws Exception {
    String token = hostToken();
    if (token != null) {
      ChatSession session = client.connectWithToken(token, listener);
      session.caughtUp().get(CATCH_UP_SECONDS, TimeUnit.SECONDS);
      return session;
    }
    return connect(client, requireEmail(), requirePassword(), listener);
  }

  /** The host JWT of {@code --jwt-file} or {@code --jwt}, or null for an email-and-password login. */
  String hostToken() throws java.io.IOException {
    if (jwtFile != null) {
      return java.nio.file.Files.readString(jwtFile).strip();
    }
    return jwt == null || jwt.isBlank() ? null : jwt.strip();
  }

  /** Logs in as {@code email} and waits until the session holds everything the server has. */
  ChatSession connect(ParleyClient client, String email, String password, ChatListener listener) throws Exception {
    ChatSession session = client.connect(email, password, listener);
    session.caughtUp().get(CATCH_UP_SECONDS, TimeUnit.SECONDS);
    return session;
  }

  /** Waits for an SDK future; its ChatException (or other failure) is thrown as it is. */
  static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  String requireEmail() {
    if (email == null || email.isBlank()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "--email (or $PARLEY_EMAIL) is required");
    }
    return email;
  }

  String requirePassword() throws Exception {
    if (password == null) {
      password = ask("password: ", true);
    }
    if (password == null || password.isEmpty()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "--password (or $PARLEY_PASSWORD) is required");
    }
    return password;
  }

  /** Asks a question on the terminal (without echo for secrets when there is a console). */
  String ask(String prompt, boolean secret) throws Exception {
    if (secret && out == System.out && System.console() != null) {
      char[] typed = System.console().readPassword(prompt);
      return typed == null ? null : new String(typed);
    }
    out.print(prompt);
    out.flush();
    String line = in.readLine();
    return line == null ? null : line.trim();
  }

  void requestCode(ParleyClient client, String address, CodePurpose purpose) {
    client.requestVerificationCode(address, purpose);
    out.println("a " + purpose.name().toLowerCase().replace('_', ' ') + " code was mailed to " + address);
  }
}
