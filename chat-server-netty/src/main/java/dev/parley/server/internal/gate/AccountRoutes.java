package dev.parley.server.internal.gate;

import static io.netty.handler.codec.http.HttpMethod.POST;

import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.Platform;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.LoginResult;
import dev.parley.core.model.User;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.IdentityService;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Objects;

/**
 * The account routes of DESIGN section 5, each a thin mapping from JSON to an
 * {@link AccountService} call and back. Bodies are parsed on the event loop; the service call
 * (which hashes passwords and reaches the stores) runs on the worker pool. Thread-safe.
 *
 * <p>{@code POST /sessions} with {@code {"jwt": ...}} logs in with a host credential through the
 * {@link IdentityService} (FORBIDDEN where the gate has none). Where the deployment turned
 * Parley's own password accounts off, sign-up, verification codes, password resets and password
 * logins answer FORBIDDEN.
 */
final class AccountRoutes {
  static final String PREFIX = "/api/v1";
  static final String PASSWORD_ACCOUNTS_OFF =
      "password accounts are turned off in this deployment; log in with the host application's token (jwt)";
  static final String JWT_OFF = "this deployment does not accept JWT logins; log in with email and password";

  private final AccountService accounts;
  private final IdentityService identity; // null: no JWT login
  private final boolean passwordAccounts;

  AccountRoutes(AccountService accounts) {
    this(accounts, null, true);
  }

  /** Routes with JWT login through {@code identity} (null: none) and password accounts on or off. */
  AccountRoutes(AccountService accounts, IdentityService identity, boolean passwordAccounts) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.identity = identity;
    this.passwordAccounts = passwordAccounts;
  }

  List<GateRoute> routes() {
    return List.of(
        GateRoute.blocking(POST, PREFIX + "/verification-codes", "verification-codes", this::requestCode),
        GateRoute.blocking(POST, PREFIX + "/users", "users", this::register),
        GateRoute.blocking(POST, PREFIX + "/password-resets", "password-resets", this::resetPassword),
        GateRoute.blocking(POST, PREFIX + "/sessions", "sessions", this::login),
        GateRoute.blocking(POST, PREFIX + "/routes", "routes", this::route));
  }

  private GateRoute.Action requestCode(GateRequest request) {
    requirePasswordAccounts();
    JsonFields body = GateJson.readObject(request);
    String email = body.requiredString("email");
    CodePurpose purpose = body.requiredEnum("purpose", CodePurpose.class);
    return () -> {
      accounts.requestCode(email, purpose, request.clientAddress());
      return GateResponse.empty(HttpResponseStatus.ACCEPTED);
    };
  }

  private GateRoute.Action register(GateRequest request) {
    requirePasswordAccounts();
    JsonFields body = GateJson.readObject(request);
    String email = body.requiredString("email");
    String name = body.requiredString("name");
    String password = body.requiredString("password");
    String code = body.requiredString("code");
    return () -> {
      User user = accounts.register(email, name, password, code, request.clientAddress());
      return GateResponse.json(HttpResponseStatus.CREATED, new GateJson.UserCreated(user.id(), user.name()));
    };
  }

  private GateRoute.Action resetPassword(GateRequest request) {
    requirePasswordAccounts();
    JsonFields body = GateJson.readObject(request);
    String email = body.requiredString("email");
    String code = body.requiredString("code");
    String newPassword = body.requiredString("newPassword");
    return () -> {
      accounts.resetPassword(email, code, newPassword, request.clientAddress());
      return GateResponse.empty(HttpResponseStatus.NO_CONTENT);
    };
  }

  private GateRoute.Action login(GateRequest request) {
    JsonFields body = GateJson.readObject(request);
    String jwt = body.optionalString("jwt");
    if (jwt != null) {
      return jwtLogin(request, body, jwt);
    }
    requirePasswordAccounts();
    String email = body.requiredString("email");
    String password = body.requiredString("password");
    DeviceInfo device = device(body);
    return () -> sessionCreated(accounts.login(email, password, request.clientAddress(), device));
  }

  /** {@code {"jwt": ..., "deviceId"?, "platform"?, "deviceName"?}}: the same answer as a password login. */
  private GateRoute.Action jwtLogin(GateRequest request, JsonFields body, String jwt) {
    if (identity == null) {
      throw new ChatException(ErrorCode.FORBIDDEN, JWT_OFF);
    }
    DeviceInfo device = device(body);
    return () -> sessionCreated(identity.login(jwt, request.clientAddress(), device));
  }

  /** The login's device; checked before the attempt counts: a malformed device is the client's bug, not a guess. */
  private static DeviceInfo device(JsonFields body) {
    String deviceId = body.optionalString("deviceId");
    Platform platform = body.optionalEnum("platform", Platform.class, Platform.OTHER);
    String deviceName = body.optionalString("deviceName");
    return deviceId == null ? DeviceInfo.of(AccountService.newDeviceId(), platform, deviceName)
        : DeviceInfo.of(deviceId, platform, deviceName);
  }

  private static GateResponse sessionCreated(LoginResult result) {
    return GateResponse.json(HttpResponseStatus.OK, new GateJson.SessionCreated(result.user().id(),
        result.token().token(), result.token().expiresAt().toString(), chatAddress(result.node()),
        result.token().device().deviceId()));
  }

  private void requirePasswordAccounts() {
    if (!passwordAccounts) {
      throw new ChatException(ErrorCode.FORBIDDEN, PASSWORD_ACCOUNTS_OFF);
    }
  }

  /** Reconnect: the token is the only input, so the body (if any) and its type are ignored. */
  private GateRoute.Action route(GateRequest request) {
    String token = request.bearerToken();
    return () -> GateResponse.json(HttpResponseStatus.OK, new GateJson.Route(chatAddress(accounts.route(token))));
  }

  private static GateJson.ChatAddress chatAddress(ChatNodeInfo node) {
    return new GateJson.ChatAddress(node.host(), node.port(), node.tls(), node.wsPort() > 0 ? node.wsPort() : null);
  }
}
