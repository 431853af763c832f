package dev.parley.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ErrorCode;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.testing.TestPki;
import dev.parley.examples.MailTrap;
import dev.parley.sdk.store.MvStoreLocalStore;
import dev.parley.server.ParleyServer;
import dev.parley.server.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal client's commands end to end, in-process, against the all-in-one server. */
class ParleyCliTest {
  private static final String PASSWORD = "correct horse 42";

  private final MailTrap mail = new MailTrap();
  private ParleyServer server = startServer(0, 0);
  private final String suffix = UUID.randomUUID().toString().substring(0, 6);
  private final List<String> clientOptions = new ArrayList<>();

  @TempDir
  Path home;

  @AfterEach
  void stop() {
    server.stop();
  }

  /** One run of the client: exit status and what it printed. */
  record Run(int status, String out, String err) {}

  private Run shell(String input, String user, String... command) {
    return onDevice(input, user, user, command);
  }

  /** A run as {@code user} with the data directory {@code dataDir} under the test's home: one device each. */
  private Run onDevice(String input, String user, String dataDir, String... command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("--gate", server.gateUrl(), "--data-dir",
        home.resolve(dataDir).toString(), "--email", email(user), "--password", PASSWORD));
    args.addAll(clientOptions);
    args.addAll(List.of(command));
    int status = ParleyCli.execute(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        args.toArray(String[]::new));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Run cli(String user, String... command) {
    return shell("", user, command);
  }

  private String email(String user) {
    return user + suffix + "@example.com";
  }

  private String name(String user) {
    return user + suffix;
  }

  private void signUp(String user) {
    assertThat(cli(user, "request-code").status()).isZero();
    Run registered = cli(user, "register", "--name", name(user), "--code", mail.codeFor(email(user)));
    assertThat(registered.status()).as(registered.err()).isZero();
    assertThat(registered.out()).contains("registered " + name(user));
  }

  @Test
  void scriptsCanSignUpBefriendChatAndReadTheInbox() {
    signUp("ann");
    signUp("bob");

    assertThat(cli("ann", "add", name("bob"), "hi", "bob").out()).contains("friend request sent to " + name("bob"));
    assertThat(cli("bob", "requests").out()).contains(name("ann") + ": hi bob");
    assertThat(cli("bob", "accept", name("ann"), "--remark", "Annie").status()).isZero();
    assertThat(cli("ann", "friends").out()).contains(name("bob"));

    assertThat(cli("ann", "send", name("bob"), "first", "message").status()).isZero();
    assertThat(cli("ann", "send", name("bob"), "second message").status()).isZero();

    Run inbox = cli("bob", "inbox");
    assertThat(inbox.status()).isZero();
    assertThat(inbox.out()).containsSubsequence("Annie: first message", "Annie: second message");
    assertThat(cli("bob", "inbox").out()).as("nothing new since the last inbox").isEmpty();

    cli("ann", "send", name("bob"), "third");
    assertThat(cli("bob", "inbox").out()).contains("Annie: third").doesNotContain("first message");
    assertThat(cli("bob", "history", "Annie").out()).containsSubsequence("first message", "second message", "third");
  }

  /** The message id send prints is what edit, recall and delete take; the peer's history shows the final state. */
  @Test
  void scriptsEditRecallAndDeleteByMessageId() {
    signUp("ron");
    signUp("sue");
    assertThat(cli("ron", "add", name("sue")).status()).isZero();
    assertThat(cli("sue", "accept", name("ron")).status()).isZero();
    Run sent = cli("ron", "send", name("sue"), "draft");
    java.util.regex.Matcher id = java.util.regex.Pattern.compile("\\(message (\\d+)\\)").matcher(sent.out());
    assertThat(id.find()).as(sent.out()).isTrue();
    String messageId = id.group(1);

    assertThat(cli("ron", "edit", messageId, "final", "text").out()).contains("edited message " + messageId);
    assertThat(cli("sue", "history", name("ron")).out()).contains(name("ron") + ": final text (edited)");
    assertThat(cli("ron", "recall", messageId).out()).contains("recalled message " + messageId);
    assertThat(cli("sue", "history", name("ron")).out()).contains(name("ron") + ": (recalled)").doesNotContain("final text");
    Run refused = cli("ron", "edit", messageId, "again");
    assertThat(refused.status()).isEqualTo(ParleyCli.exitStatus(dev.parley.core.ErrorCode.NOT_ALLOWED));
    assertThat(refused.err()).contains("error: NOT_ALLOWED");
    assertThat(cli("sue", "delete", messageId).out()).contains("deleted message " + messageId + " for you");
    assertThat(cli("sue", "history", name("ron")).out()).doesNotContain(name("ron") + ":");
  }

  @Test
  void failuresExitWithTheirErrorCode() {
    signUp("cid");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ParleyCli.execute(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8), "--gate", server.gateUrl(), "--data-dir",
        home.toString(), "--email", email("cid"), "--password", "wrong password 1", "friends");
    assertThat(status).isEqualTo(ParleyCli.exitStatus(ErrorCode.INVALID_CREDENTIALS));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: INVALID_CREDENTIALS");

    Run unknownUser = cli("cid", "send", "nobody" + suffix, "hello?");
    assertThat(unknownUser.status()).isEqualTo(ParleyCli.exitStatus(ErrorCode.NOT_FOUND));
    Run notFriends = cli("cid", "add", name("cid"), "me?");
    assertThat(notFriends.status()).isGreaterThanOrEqualTo(10);
    assertThat(cli("cid", "no-such-command").status()).isEqualTo(2);
  }

  @Test
  void theInteractiveShellChatsAndShowsWhatArrives() {
    signUp("dee");
    signUp("eve");
    cli("dee", "add", name("eve"), "hello");
    cli("eve", "accept", name("dee"));
    cli("eve", "send", name("dee"), "are you there?");

    Run shell = shell(String.join("\n", "/friends", "/chat " + name("eve"), "yes, here!", "/nonsense", "/quit", ""), "dee");

    assertThat(shell.status()).as(shell.err()).isZero();
    assertThat(shell.out()).contains("logged in as " + name("dee"), "  " + name("eve"), "chatting with " + name("eve"))
        .containsPattern("\\[\\d\\d:\\d\\d:\\d\\d] " + name("eve") + ": are you there\\?")
        .contains("unknown command /nonsense");
    assertThat(cli("eve", "inbox").out()).contains(name("dee") + ": yes, here!");
    assertThat(cli("dee", "history", name("eve")).out())
        .containsPattern("\\[\\d\\d:\\d\\d:\\d\\d] me -> " + name("eve") + ": yes, here!");
  }

  @Test
  void eachDataDirectoryIsOneDeviceWithItsOwnIdAndPlatform() throws Exception {
    signUp("jo");
    Run desk = cli("jo", "devices");
    assertThat(desk.status()).as(desk.err()).isZero();
    URI gate = URI.create(server.gateUrl());
    String deskId = java.nio.file.Files.readString(home.resolve("jo").resolve(gate.getHost() + "_" + gate.getPort())
        .resolve("device-id")).strip();
    assertThat(desk.out().lines().filter(l -> l.contains("(this device)"))).singleElement().asString()
        .startsWith(deskId + "  DESKTOP");
    assertThat(cli("jo", "devices").out()).as("the same directory is the same device next time")
        .contains(deskId + "  DESKTOP").doesNotContain("phone-1");

    Run phone = onDevice("", "jo", "jo-phone", "--device-id", "phone-1", "--platform", "MOBILE", "devices");
    assertThat(phone.status()).as(phone.err()).isZero();
    assertThat(phone.out().lines().filter(l -> l.contains("(this device)"))).singleElement().asString()
        .startsWith("phone-1  MOBILE");

    Run unknown = cli("jo", "revoke", "no-such-device");
    assertThat(unknown.status()).as(unknown.err()).isEqualTo(ParleyCli.exitStatus(ErrorCode.NOT_FOUND));
  }

  @Test
  void aSecondProcessOfTheSameAccountIsToldSoAndExitsWithItsStatus() {
    signUp("hal");
    Run first = cli("hal", "friends"); // creates the store
    assertThat(first.status()).as(first.err()).isZero();
    URI gate = URI.create(server.gateUrl());
    Path storeDir = home.resolve("hal").resolve(gate.getHost() + "_" + gate.getPort());
    Path store;
    try (var files = java.nio.file.Files.list(storeDir)) {
      store = files.filter(f -> f.toString().endsWith(".mv.db")).findFirst().orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (MvStoreLocalStore running = MvStoreLocalStore.open(store)) {
      Run second = cli("hal", "friends");
      assertThat(second.status()).isEqualTo(ParleyCli.EXIT_STORE_LOCKED).isEqualTo(3);
      assertThat(second.err()).contains("another parley-cli is already running for this account; "
          + "close it or use --store-dir").doesNotContain("INTERNAL");
      Run shell = shell("/quit\n", "hal");
      assertThat(shell.status()).isEqualTo(3);
      assertThat(shell.err()).contains("another parley-cli is already running");
    }
    assertThat(cli("hal", "friends").status()).as("free again once the other one is gone").isZero();
  }

  @Test
  void theExitStatusesAreTheDocumentedOnes() {
    Run help = cli("ivy", "--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("Exit status:", "0   success", "2   usage error",
        "3   another parley-cli is already running", "INVALID_CREDENTIALS = 17", "NOT_FOUND = 20");
    assertThat(ParleyCli.exitStatus(ErrorCode.INVALID_CREDENTIALS)).isEqualTo(17);
    assertThat(ParleyCli.exitStatus(ErrorCode.NOT_FOUND)).isEqualTo(20);
  }

  @Test
  void afterTheServerRestartsEmptyANewAccountWithTheOldIdSeesOnlyItsOwnInbox() {
    befriendAndSend("jon", "kim", "old secret");
    assertThat(cli("jon", "inbox").out()).contains("old secret");
    int gatePort = URI.create(server.gateUrl()).getPort();
    int chatPort = server.chatAddress().getPort();
    server.stop();
    server = startServer(gatePort, chatPort);

    befriendAndSend("jon", "kim", "new hello"); // the same emails and names: new accounts, the old ids

    Run inbox = cli("jon", "inbox");
    assertThat(inbox.out()).contains("new hello").doesNotContain("old secret");
    assertThat(cli("jon", "history", name("kim")).out()).contains("new hello").doesNotContain("old secret");
  }

  @Test
  void overTlsTheCaFileIsTrustedAndTheWebSocketTransportCarriesTheSameCommands() {
    server.stop();
    TestPki pki = TestPki.create(home, "cli");
    TestPki.Issued cert = pki.issue("server");
    TlsSettings tls = TlsSettings.of(cert.chain(), cert.key());
    server = ParleyServer.builder().host("127.0.0.1").gatePort(0).chatPort(0).mailSender(mail)
        .passwordHasher(Argon2PasswordHasher.forTesting()).gate(g -> g.tls(tls))
        .chatNode(n -> n.tls(tls).webSocketPort(0)).build().start();
    assertThat(server.gateUrl()).startsWith("https://");

    Run untrusted = cli("ann", "request-code");
    assertThat(untrusted.status()).as("the test CA is not in the system's trust").isNotZero();

    clientOptions.addAll(List.of("--ca-file", pki.caFile().toString()));
    signUp("ann");
    signUp("ben");
    assertThat(cli("ann", "add", name("ben")).status()).isZero();
    clientOptions.add("--websocket");
    assertThat(cli("ben", "accept", name("ann")).status()).isZero();
    assertThat(cli("ben", "send", name("ann"), "over wss").status()).isZero();
    clientOptions.remove("--websocket");
    Run inbox = cli("ann", "inbox");
    assertThat(inbox.status()).as(inbox.err()).isZero();
    assertThat(inbox.out()).contains("over wss");
  }

  private void befriendAndSend(String user, String friend, String text) {
    signUp(user);
    signUp(friend);
    assertThat(cli(user, "add", name(friend)).status()).isZero();
    assertThat(cli(friend, "accept", name(user)).status()).isZero();
    assertThat(cli(friend, "send", name(user), text).status()).isZero();
  }

  private ParleyServer startServer(int gatePort, int chatPort) {
    return ParleyServer.builder().host("127.0.0.1").gatePort(gatePort).chatPort(chatPort).mailSender(mail)
        .passwordHasher(Argon2PasswordHasher.forTesting()).build().start();
  }
}
