package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.FRIEND_ADDED_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.GROUP_UPDATED_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.KICKED;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.ChatException;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.UserRef;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.AdminService;
import dev.parley.server.testing.TestChatClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin HTTP API end to end on an all-in-one server: real HTTP on the admin listener, real
 * chat sockets for the users it acts on. Refusals (no secret, a wrong secret, the public port),
 * each operation and what online users see of it, the audit log (one line per call, no text), and
 * the Java API ({@link ParleyServer#admin()}) directly.
 */
class AdminApiTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration QUIET = Duration.ofMillis(300);
  private static final String SECRET = "s3cret-" + UUID.randomUUID();

  private ParleyServer server;
  private AdminHttp admin;
  private AuditLogCapture audit;

  @BeforeEach
  void start() {
    audit = new AuditLogCapture();
    server = ParleyServer.builder().passwordHasher(Argon2PasswordHasher.forTesting())
        .adminApi(AdminApiSettings.builder().port(0).bearer("ops-test", SECRET).build())
        .build().start();
    admin = new AdminHttp(server.adminPort(), SECRET);
  }

  @AfterEach
  void stop() {
    server.stop();
    audit.close();
  }

  // ---- refusals ----

  @Test
  void withoutTheSecretOrWithAWrongOneEveryRouteIs401WithNoDetail() {
    String body = "{\"name\":\"" + unique("eve") + "\",\"externalId\":\"e-1\"}";
    GateHttp.Reply none = admin.withSecret(null).post("/api/v1/admin/users", body);
    GateHttp.Reply wrong = admin.withSecret(SECRET + "x").post("/api/v1/admin/users", body);
    GateHttp.Reply prefix = admin.withSecret(SECRET.substring(0, SECRET.length() - 1)).get("/api/v1/admin/users/1");
    for (GateHttp.Reply r : List.of(none, wrong, prefix)) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.errorCode()).isEqualTo("UNAUTHORIZED");
      assertThat(r.errorMessage()).isEqualTo("unauthorized");
    }
    assertThat(admin.get("/api/v1/admin/users/ext:e-1").status()).as("nothing was created").isEqualTo(404);
    assertThat(audit.auditLines()).anySatisfy(l -> assertThat(l).contains("op=create-user", "who=anonymous",
        "outcome=UNAUTHORIZED")).noneSatisfy(l -> assertThat(l).contains(SECRET));
  }

  @Test
  void thePublicPortAnswersAdminPathsLikeAnyUnknownPath() {
    AdminHttp publicGate = new AdminHttp(portOf(server.gateUrl()), SECRET); // even with the right secret
    GateHttp.Reply unknown = publicGate.get("/api/v1/no-such-thing");
    for (String path : List.of("/api/v1/admin/users", "/api/v1/admin/presence", "/api/v1/admin/users/1")) {
      GateHttp.Reply r = publicGate.get(path);
      assertThat(r.status()).isEqualTo(unknown.status()).isEqualTo(404);
      assertThat(r.errorCode()).isEqualTo(unknown.errorCode());
      assertThat(r.errorMessage()).isEqualTo("no such resource: " + path);
    }
    // and the admin port serves nothing of the public API
    assertThat(admin.get("/healthz").status()).isEqualTo(404);
    assertThat(admin.post("/api/v1/sessions", "{}").status()).isEqualTo(404);
  }

  // ---- users and tokens ----

  @Test
  void aCreatedUserLogsInWithAnIssuedTokenOverARealChatSocket() {
    String name = unique("host");
    GateHttp.Reply created = admin.post("/api/v1/admin/users",
        "{\"externalId\":\"crm-" + name + "\",\"name\":\"" + name + "\",\"nickname\":\"Hosty\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long id = created.json().get("userId").asLong();
    assertThat(created.json().get("externalId").asText()).isEqualTo("crm-" + name);

    GateHttp.Reply token = admin.post("/api/v1/admin/users/ext:crm-" + name + "/tokens",
        "{\"deviceId\":\"phone-1\",\"platform\":\"MOBILE\"}");
    assertThat(token.status()).as(token.body()).isEqualTo(201);
    assertThat(token.json().get("userId").asLong()).isEqualTo(id);
    assertThat(token.json().get("deviceId").asText()).isEqualTo("phone-1");

    try (TestChatClient c = connect(token.json())) {
      Frame login = c.login(token.json().get("token").asText());
      assertThat(login.hasLoginResponse()).as("login %s", login).isTrue();
      assertThat(login.getLoginResponse().getProfile().getUserId()).isEqualTo(id);
      assertThat(login.getLoginResponse().getProfile().getNickname()).isEqualTo("Hosty");
    }
    assertThat(audit.auditLines()).anySatisfy(l -> assertThat(l).contains("op=issue-token", "who=ops-test",
        "user=" + id, "outcome=OK")).noneSatisfy(l -> assertThat(l).contains(token.json().get("token").asText()));
  }

  @Test
  void updateChangesTheProfileAndAnUnknownUserIs404() {
    long id = createUser(unique("upd"));
    GateHttp.Reply updated = admin.send("PATCH", "/api/v1/admin/users/" + id, "{\"nickname\":\"New Nick\",\"bio\":\"hi\"}");
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(admin.get("/api/v1/admin/users/" + id).json().get("nickname").asText()).isEqualTo("New Nick");
    assertThat(admin.send("PATCH", "/api/v1/admin/users/999999", "{\"nickname\":\"x\"}").errorCode())
        .isEqualTo("NOT_FOUND");
    assertThat(admin.get("/api/v1/admin/users/ext:nobody").status()).isEqualTo(404);
    assertThat(admin.get("/api/v1/admin/users/-3").errorCode()).isEqualTo("BAD_REQUEST");
  }

  @Test
  void disableKicksTheLiveSessionWithDisabledAndRefusesTokensUntilEnabled() {
    long id = createUser(unique("dis"));
    JsonNode token = issueToken(id);
    try (TestChatClient c = connect(token)) {
      assertThat(c.login(token.get("token").asText()).hasLoginResponse()).isTrue();
      assertThat(admin.post("/api/v1/admin/users/" + id + "/disable", null).status()).isEqualTo(204);
      Frame kicked = c.awaitPush(KICKED, WAIT);
      assertThat(kicked.getKicked().getCode()).isEqualTo(ChatProtocol.KickReason.DISABLED);
      assertThat(c.awaitClosed(WAIT)).isTrue();
    }
    try (TestChatClient again = connect(token)) {
      assertThat(ChatNodeSessionTest.code(again.login(token.get("token").asText())))
          .isEqualTo(ChatProtocol.ErrorCode.UNAUTHORIZED);
    }
    GateHttp.Reply refused = admin.post("/api/v1/admin/users/" + id + "/tokens", null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.errorCode()).isEqualTo("ACCOUNT_DISABLED");
    assertThat(admin.get("/api/v1/admin/users/" + id).json().get("disabled").asBoolean()).isTrue();

    assertThat(admin.post("/api/v1/admin/users/" + id + "/enable", null).status()).isEqualTo(204);
    JsonNode fresh = issueToken(id);
    try (TestChatClient back = connect(fresh)) {
      assertThat(back.login(fresh.get("token").asText()).hasLoginResponse()).isTrue();
    }
  }

  @Test
  void revokingSessionsKicksWithRevokedAndKillsTheToken() {
    long id = createUser(unique("rev"));
    JsonNode token = issueToken(id);
    try (TestChatClient c = connect(token)) {
      assertThat(c.login(token.get("token").asText()).hasLoginResponse()).isTrue();
      assertThat(admin.send("DELETE", "/api/v1/admin/users/" + id + "/sessions", null).status()).isEqualTo(204);
      assertThat(c.awaitPush(KICKED, WAIT).getKicked().getCode()).isEqualTo(ChatProtocol.KickReason.REVOKED);
      assertThat(c.awaitClosed(WAIT)).isTrue();
    }
    try (TestChatClient again = connect(token)) {
      assertThat(ChatNodeSessionTest.code(again.login(token.get("token").asText())))
          .isEqualTo(ChatProtocol.ErrorCode.UNAUTHORIZED);
    }
  }

  // ---- friendships ----

  @Test
  void aFriendshipIsPushedToBothOnlineUsersOnceAndRemovalEndsIt() {
    long ann = createUser(unique("ann"));
    long bob = createUser(unique("bob"));
    try (TestChatClient a = online(ann); TestChatClient b = online(bob)) {
      GateHttp.Reply made = admin.send("PUT", "/api/v1/admin/friendships/" + ann + "/" + bob, null);
      assertThat(made.status()).as(made.body()).isEqualTo(200);
      assertThat(made.json().get("created").asBoolean()).isTrue();
      assertThat(a.awaitPush(FRIEND_ADDED_EVENT, WAIT).getFriendAddedEvent().getFriend().getProfile().getUserId())
          .isEqualTo(bob);
      assertThat(b.awaitPush(FRIEND_ADDED_EVENT, WAIT).getFriendAddedEvent().getFriend().getProfile().getUserId())
          .isEqualTo(ann);

      GateHttp.Reply again = admin.send("PUT", "/api/v1/admin/friendships/" + bob + "/" + ann, null);
      assertThat(again.json().get("created").asBoolean()).isFalse();
      quiet(a);
      assertThat(a.pushes()).filteredOn(f -> f.getBodyCase() == FRIEND_ADDED_EVENT).as("no second FriendAdded").isEmpty();

      // Friends now: a user's own send passes the friendship check.
      assertThat(a.request(Requests.send(bob, "c1", "hello")).hasSendAck()).isTrue();

      assertThat(admin.send("DELETE", "/api/v1/admin/friendships/" + ann + "/" + bob, null).status()).isEqualTo(204);
      assertThat(ChatNodeSessionTest.code(a.request(Requests.send(bob, "c2", "still?"))))
          .isEqualTo(ChatProtocol.ErrorCode.NOT_FRIENDS);
      GateHttp.Reply twice = admin.send("DELETE", "/api/v1/admin/friendships/" + ann + "/" + bob, null);
      assertThat(twice.errorCode()).isEqualTo("NOT_FRIENDS");
    }
  }

  // ---- messages ----

  @Test
  void aMessageAsAUserReachesTheOnlineRecipientOnceAndIsInTheMailbox() {
    long ann = createUser(unique("ann"));
    long bob = createUser(unique("bob"));
    String text = "secret text " + UUID.randomUUID();
    try (TestChatClient b = online(bob); TestChatClient a = online(ann)) {
      String body = "{\"from\":" + ann + ",\"to\":\"" + bob + "\",\"text\":\"" + text + "\",\"clientMsgId\":\"m-1\"}";
      GateHttp.Reply sent = admin.post("/api/v1/admin/messages", body);
      assertThat(sent.status()).as(sent.body()).isEqualTo(201);
      Frame push = b.awaitPush(MESSAGE_EVENT, WAIT);
      assertThat(push.getMessageEvent().getEntry().getMessage().getText()).isEqualTo(text);
      assertThat(push.getMessageEvent().getEntry().getMessage().getSenderId()).isEqualTo(ann);
      assertThat(push.getMessageEvent().getEntry().getSeq()).isEqualTo(sent.json().get("recipientSeq").asLong());
      // the sender's other sessions get its own entry, as for a SendMessage
      assertThat(a.awaitPush(MESSAGE_EVENT, WAIT).getMessageEvent().getEntry().getSeq())
          .isEqualTo(sent.json().get("senderSeq").asLong());

      GateHttp.Reply duplicate = admin.post("/api/v1/admin/messages", body);
      assertThat(duplicate.status()).isEqualTo(200);
      assertThat(duplicate.json().get("duplicate").asBoolean()).isTrue();
      assertThat(duplicate.json().get("messageId").asLong()).isEqualTo(sent.json().get("messageId").asLong());
      quiet(b);
      assertThat(b.pushes()).filteredOn(f -> f.getBodyCase() == MESSAGE_EVENT).as("no second push").isEmpty();

      Frame sync = b.request(Requests.sync(0, 50));
      assertThat(sync.getSyncResponse().getEntriesList()).singleElement()
          .satisfies(e -> assertThat(e.getMessage().getText()).isEqualTo(text));
    }
    assertThat(audit.auditLines()).anySatisfy(l -> assertThat(l).contains("op=send-message", "from=" + ann,
        "to=" + bob, "outcome=OK"));
    assertThat(audit.all()).doesNotContain(text);
  }

  @Test
  void aSystemMessageComesFromTheReservedSystemAccountWhichCannotSignIn() {
    long bob = createUser(unique("bob"));
    String text = "maintenance at noon " + UUID.randomUUID();
    try (TestChatClient b = online(bob)) {
      GateHttp.Reply sent = admin.post("/api/v1/admin/messages",
          "{\"from\":\"system\",\"to\":" + bob + ",\"text\":\"" + text + "\",\"clientMsgId\":\"sys-1\"}");
      assertThat(sent.status()).as(sent.body()).isEqualTo(201);
      Frame push = b.awaitPush(MESSAGE_EVENT, WAIT);
      long systemId = push.getMessageEvent().getEntry().getMessage().getSenderId();
      assertThat(push.getMessageEvent().getEntry().getMessage().getText()).isEqualTo(text);
      Frame profile = b.request(Frame.newBuilder().setGetProfile(ChatProtocol.GetProfileRequest.newBuilder()
          .setUserId(systemId)));
      assertThat(profile.getProfileResponse().getProfile().getName()).isEqualTo(AdminService.DEFAULT_SYSTEM_NAME);
      assertThat(b.request(Requests.sync(0, 50)).getSyncResponse().getEntriesCount()).isEqualTo(1);

      assertThat(admin.post("/api/v1/admin/users/" + systemId + "/tokens", null).errorCode()).isEqualTo("NOT_ALLOWED");
      assertThat(admin.get("/api/v1/admin/users/" + systemId).json().get("disabled").asBoolean()).isTrue();
    }
    assertThat(audit.auditLines()).anySatisfy(l -> assertThat(l).contains("op=send-message", "from=system",
        "to=" + bob, "outcome=OK"));
    assertThat(audit.all()).doesNotContain(text);
  }

  @Test
  void badMessagesAreRefusedWithTheGatesErrors() {
    long bob = createUser(unique("bob"));
    assertThat(admin.post("/api/v1/admin/messages", "{\"from\":\"system\",\"to\":" + bob + ",\"text\":\"\","
        + "\"clientMsgId\":\"x\"}").errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(admin.post("/api/v1/admin/messages", "{\"from\":\"system\",\"to\":999999,\"text\":\"hi\","
        + "\"clientMsgId\":\"x\"}").errorCode()).isEqualTo("NOT_FOUND");
    assertThat(admin.post("/api/v1/admin/messages", "{\"from\":true,\"to\":1,\"text\":\"hi\",\"clientMsgId\":\"x\"}")
        .errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(admin.post("/api/v1/admin/messages", "not json").errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(audit.auditLines()).anySatisfy(l -> assertThat(l).contains("op=send-message", "outcome=BAD_REQUEST"));
  }

  // ---- groups and presence ----

  @Test
  void aGroupOfStrangersIsCreatedAndPushedToItsOnlineMembers() {
    long owner = createUser(unique("own"));
    long m1 = createUser(unique("mem"));
    String ext = "crm-" + unique("m2");
    long m2 = createUser(unique("mem"), ext);
    try (TestChatClient o = online(owner); TestChatClient a = online(m1); TestChatClient b = online(m2)) {
      GateHttp.Reply created = admin.post("/api/v1/admin/groups", "{\"owner\":" + owner + ",\"members\":[" + m1
          + ",\"ext:" + ext + "\"],\"name\":\"Announcements\",\"joinPolicy\":\"APPROVAL\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      long groupId = created.json().get("groupId").asLong();
      assertThat(created.json().get("memberCount").asInt()).isEqualTo(3);
      for (TestChatClient c : List.of(o, a, b)) {
        Frame update = c.awaitPush(GROUP_UPDATED_EVENT, WAIT);
        assertThat(update.getGroupUpdatedEvent().getGroup().getGroupId()).isEqualTo(groupId);
      }
    }
  }

  @Test
  void presenceSaysWhoIsOnlineOnWhichDevices() {
    long ann = createUser(unique("ann"));
    long bob = createUser(unique("bob"));
    JsonNode token = issueToken(ann, "{\"deviceId\":\"laptop-9\",\"platform\":\"DESKTOP\"}");
    try (TestChatClient a = connect(token)) {
      assertThat(a.login(token.get("token").asText()).hasLoginResponse()).isTrue();
      GateHttp.Reply p = admin.get("/api/v1/admin/presence?user=" + ann + "&user=" + bob);
      assertThat(p.status()).as(p.body()).isEqualTo(200);
      JsonNode users = p.json().get("users");
      assertThat(users.get(0).get("userId").asLong()).isEqualTo(ann);
      assertThat(users.get(0).get("online").asBoolean()).isTrue();
      assertThat(users.get(0).get("devices").get(0).get("deviceId").asText()).isEqualTo("laptop-9");
      assertThat(users.get(0).get("devices").get(0).get("platform").asText()).isEqualTo("DESKTOP");
      assertThat(users.get(1).get("online").asBoolean()).isFalse();
      assertThat(users.get(1).get("devices")).isEmpty();
    }
    assertThat(admin.get("/api/v1/admin/presence").errorCode()).isEqualTo("BAD_REQUEST");
  }

  // ---- the Java API ----

  @Test
  void theJavaApiRunsTheSameOperationsAndIsAuditedAsTheJavaCaller() {
    AdminService api = server.admin();
    long ann = api.createUser(new AdminService.NewAccount("j-" + unique("a"), unique("jann"), null, null, null)).id();
    long bob = api.createUser(new AdminService.NewAccount(null, unique("jbob"), "", unique("b") + "@example.com",
        "long enough password 42")).id();
    try (TestChatClient b = online(bob)) {
      assertThat(api.befriend(UserRef.of(ann), UserRef.of(bob)).created()).isTrue();
      b.awaitPush(FRIEND_ADDED_EVENT, WAIT);
      AppendResult r = api.sendSystemMessage(UserRef.of(bob), "j-1", "from java");
      assertThat(b.awaitPush(MESSAGE_EVENT, WAIT).getMessageEvent().getEntry().getMessage().getMessageId())
          .isEqualTo(r.message().id());
      assertThat(api.presence(List.of(UserRef.of(bob))).get(0).online()).isTrue();
    }
    assertThat(audit.auditLines()).anySatisfy(l -> assertThat(l).contains("op=befriend",
        "who=" + AdminService.DEFAULT_CALLER, "outcome=OK"));
    // the system sender's name is nobody else's, not even a host-made user's
    ChatException reserved = org.assertj.core.api.Assertions.catchThrowableOfType(ChatException.class,
        () -> api.createUser(new AdminService.NewAccount("j-sys", "Parley-System", null, null, null)));
    assertThat(reserved.code()).isEqualTo(dev.parley.core.ErrorCode.NAME_TAKEN);
    assertThat(api.systemUser().name()).isEqualTo(AdminService.DEFAULT_SYSTEM_NAME);
  }

  // ---- helpers ----

  private long createUser(String name) {
    return createUser(name, "ext-" + name);
  }

  private long createUser(String name, String externalId) {
    GateHttp.Reply r = admin.post("/api/v1/admin/users", "{\"externalId\":\"" + externalId + "\",\"name\":\"" + name
        + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("userId").asLong();
  }

  private JsonNode issueToken(long id) {
    return issueToken(id, null);
  }

  private JsonNode issueToken(long id, String body) {
    GateHttp.Reply r = admin.post("/api/v1/admin/users/" + id + "/tokens", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private TestChatClient online(long userId) {
    JsonNode token = issueToken(userId);
    TestChatClient c = connect(token);
    assertThat(c.login(token.get("token").asText()).hasLoginResponse()).isTrue();
    return c;
  }

  private static TestChatClient connect(JsonNode token) {
    JsonNode chat = token.get("chat");
    return TestChatClient.connect(chat.get("host").asText(), chat.get("port").asInt());
  }

  /** Waits long enough that a second push, if one were coming, would have arrived. */
  private static void quiet(TestChatClient c) {
    int before = c.pushes().size();
    await().pollDelay(QUIET).atMost(QUIET.plusSeconds(1)).until(() -> c.pushes().size() >= before);
  }

  private static int portOf(String url) {
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }
}
