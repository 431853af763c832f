package dev.parley.server.internal.gate;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.PATCH;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.LoginResult;
import dev.parley.core.model.Platform;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.model.UserRef;
import dev.parley.core.service.AdminAudit;
import dev.parley.core.service.AdminService;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin HTTP API under {@value #PREFIX}, served only on the admin listener: each route a thin
 * mapping from JSON to an {@link AdminService} call and back. A user is named in a path segment
 * {@code {user}} or a JSON field by a Parley id ({@code 42}) or {@code ext:<external id>}.
 *
 * <p>Every route first authenticates ({@link AdminAuth}; 401 otherwise), then parses on the event
 * loop; the service call (stores, hashing) runs on the gate's worker pool and is audited by the
 * service as run by the authenticated principal. A request refused before the service runs
 * (unauthenticated, malformed) is audited here, so each admin request leaves one audit line.
 * Thread-safe.
 */
final class AdminRoutes {
  static final String PREFIX = "/api/v1/admin";
  /** The most user refs one presence query may carry. */
  static final int MAX_PRESENCE = AdminService.MAX_PRESENCE_USERS;
  /** The most members one create may list (the body limit bounds it too; the group limits apply after). */
  static final int MAX_GROUP_MEMBERS = 10_000;

  private final AdminService admin;
  private final AdminAuth auth;

  AdminRoutes(AdminService admin, AdminAuth auth) {
    this.admin = Objects.requireNonNull(admin, "admin");
    this.auth = Objects.requireNonNull(auth, "auth");
  }

  /** How a route prepares its work, given the service as the authenticated caller. */
  @FunctionalInterface
  private interface AdminPreparer {
    GateRoute.Action prepare(GateRequest request, AdminService as);
  }

  List<GateRoute> routes() {
    return List.of(
        route(POST, "/users", "admin-create-user", this::createUser),
        route(GET, "/users/{user}", "admin-get-user", this::getUser),
        route(PATCH, "/users/{user}", "admin-update-user", this::updateUser),
        route(POST, "/users/{user}/disable", "admin-disable-user", (r, as) -> {
          UserRef user = pathUser(r);
          return () -> {
            as.disable(user);
            return GateResponse.empty(HttpResponseStatus.NO_CONTENT);
          };
        }),
        route(POST, "/users/{user}/enable", "admin-enable-user", (r, as) -> {
          UserRef user = pathUser(r);
          return () -> {
            as.enable(user);
            return GateResponse.empty(HttpResponseStatus.NO_CONTENT);
          };
        }),
        route(POST, "/users/{user}/tokens", "admin-issue-token", this::issueToken),
        route(DELETE, "/users/{user}/sessions", "admin-revoke-sessions", (r, as) -> {
          UserRef user = pathUser(r);
          return () -> {
            as.revokeSessions(user);
            return GateResponse.empty(HttpResponseStatus.NO_CONTENT);
          };
        }),
        route(PUT, "/friendships/{a}/{b}", "admin-befriend", (r, as) -> {
          UserRef a = UserRef.parse("path user", r.pathParam("a"));
          UserRef b = UserRef.parse("path friend", r.pathParam("b"));
          return () -> {
            AdminService.Befriended made = as.befriend(a, b);
            return GateResponse.json(HttpResponseStatus.OK,
                new AdminJson.FriendshipMade(made.userId(), made.friendId(), made.created()));
          };
        }),
        route(DELETE, "/friendships/{a}/{b}", "admin-unfriend", (r, as) -> {
          UserRef a = UserRef.parse("path user", r.pathParam("a"));
          UserRef b = UserRef.parse("path friend", r.pathParam("b"));
          return () -> {
            as.unfriend(a, b);
            return GateResponse.empty(HttpResponseStatus.NO_CONTENT);
          };
        }),
        route(POST, "/messages", "admin-send-message", this::sendMessage),
        route(POST, "/groups", "admin-create-group", this::createGroup),
        route(GET, "/presence", "admin-presence", this::presence));
  }

  private GateRoute route(HttpMethod method, String path, String name, AdminPreparer preparer) {
    String op = name.substring("admin-".length());
    return GateRoute.blocking(method, PREFIX + path, name, request -> {
      String who;
      try {
        who = auth.authenticate(request);
      } catch (ChatException e) {
        AdminAudit.begin(op, "anonymous").target("client", request.clientAddress()).failed(e);
        throw e;
      }
      try {
        return preparer.prepare(request, admin.asCaller(who));
      } catch (RuntimeException e) {
        AdminAudit.begin(op, who).failed(e); // refused before the service ran, which audits the rest
        throw e;
      }
    });
  }

  private GateRoute.Action createUser(GateRequest request, AdminService as) {
    JsonFields body = GateJson.readObject(request);
    AdminService.NewAccount account = new AdminService.NewAccount(body.optionalString("externalId"),
        body.requiredString("name"), body.optionalString("nickname"), body.optionalString("email"),
        body.optionalString("password"));
    return () -> GateResponse.json(HttpResponseStatus.CREATED, AdminJson.AdminUser.of(as.createUser(account)));
  }

  private GateRoute.Action getUser(GateRequest request, AdminService as) {
    UserRef user = pathUser(request);
    return () -> GateResponse.json(HttpResponseStatus.OK, AdminJson.AdminUser.of(as.user(user)));
  }

  private GateRoute.Action updateUser(GateRequest request, AdminService as) {
    UserRef user = pathUser(request);
    JsonFields body = GateJson.readObject(request);
    ProfileUpdate update = new ProfileUpdate(Optional.ofNullable(body.optionalString("nickname")),
        Optional.ofNullable(body.optionalString("avatarUrl")), Optional.ofNullable(body.optionalString("bio")));
    if (update.nickname().isEmpty() && update.avatarUrl().isEmpty() && update.bio().isEmpty()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "an update names at least one of nickname, avatarUrl, bio");
    }
    return () -> GateResponse.json(HttpResponseStatus.OK, AdminJson.AdminUser.of(as.updateUser(user, update)));
  }

  /** The body is optional: without one the token is for any device. */
  private GateRoute.Action issueToken(GateRequest request, AdminService as) {
    UserRef user = pathUser(request);
    DeviceInfo device = DeviceInfo.UNNAMED;
    if (request.body().length > 0) {
      JsonFields body = GateJson.readObject(request);
      String deviceId = body.optionalString("deviceId");
      if (deviceId != null) {
        device = DeviceInfo.of(deviceId, body.optionalEnum("platform", Platform.class, Platform.OTHER),
            body.optionalString("deviceName"));
      }
    }
    DeviceInfo on = device;
    return () -> {
      LoginResult result = as.issueToken(user, on);
      return GateResponse.json(HttpResponseStatus.CREATED, new GateJson.SessionCreated(result.user().id(),
          result.token().token(), result.token().expiresAt().toString(), AccountRoutes.chatAddress(result.node()),
          result.token().device().named() ? result.token().device().deviceId() : null));
    };
  }

  /** {@code from} is a user ref or the string "system". */
  private GateRoute.Action sendMessage(GateRequest request, AdminService as) {
    JsonFields body = GateJson.readObject(request);
    boolean system = "system".equals(body.textOrNull("from"));
    UserRef from = system ? null : body.requiredUserRef("from");
    UserRef to = body.requiredUserRef("to");
    String text = body.requiredString("text");
    String clientMsgId = body.requiredString("clientMsgId");
    return () -> {
      AppendResult result = system ? as.sendSystemMessage(to, clientMsgId, text)
          : as.sendMessage(from, to, clientMsgId, text);
      return GateResponse.json(result.duplicate() ? HttpResponseStatus.OK : HttpResponseStatus.CREATED,
          AdminJson.MessageSent.of(result));
    };
  }

  private GateRoute.Action createGroup(GateRequest request, AdminService as) {
    JsonFields body = GateJson.readObject(request);
    AdminService.NewGroupSpec spec = new AdminService.NewGroupSpec(body.requiredUserRef("owner"),
        body.userRefs("members", MAX_GROUP_MEMBERS), body.requiredString("name"),
        body.optionalEnum("joinPolicy", JoinPolicy.class, JoinPolicy.INVITE_ONLY),
        body.optionalBoolean("membersCanInvite", false), body.optionalString("avatarUrl"),
        body.optionalString("notice"));
    return () -> GateResponse.json(HttpResponseStatus.CREATED, AdminJson.GroupCreated.of(as.createGroup(spec)));
  }

  private GateRoute.Action presence(GateRequest request, AdminService as) {
    List<String> values = request.queryParams("user");
    if (values.isEmpty() || values.size() > MAX_PRESENCE) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "name 1 to " + MAX_PRESENCE + " users as ?user=<id or ext:...>,"
          + " got " + values.size());
    }
    List<UserRef> refs = new ArrayList<>(values.size());
    for (String v : values) {
      refs.add(UserRef.parse("query parameter 'user'", v));
    }
    return () -> GateResponse.json(HttpResponseStatus.OK, AdminJson.Presence.of(as.presence(refs)));
  }

  private static UserRef pathUser(GateRequest request) {
    return UserRef.parse("path user", request.pathParam("user"));
  }
}
