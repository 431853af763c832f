package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.hooks.Authenticator;
import dev.parley.core.hooks.ExternalIdentity;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.LoginResult;
import dev.parley.core.model.Platform;
import dev.parley.core.model.SessionToken;
import dev.parley.core.model.User;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.UserStore;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login with a host application's credential (a JWT, or the host's own scheme): the deployment's
 * {@link Authenticator} turns it into an {@link ExternalIdentity}, which names the Parley account
 * by its {@link User#externalId() external id}; a host user seen for the first time gets an
 * account made for them ({@link UserProvisioning}), unless the deployment turned provisioning off.
 * The gate calls {@link #login} for {@code POST /api/v1/sessions} with {@code {"jwt": ...}}; a chat
 * node that accepts a credential in {@code Login} calls {@link #signIn}.
 *
 * <p>Answers: INVALID_CREDENTIALS for every credential the authenticator refuses, and, with
 * provisioning off, for a host user who has no account yet (the same answer, so a caller cannot
 * tell a bad credential from a missing account); ACCOUNT_DISABLED for a disabled account, only
 * after the credential proved itself; RATE_LIMITED (with retry-after) past
 * {@link ChatLimits#loginAttemptsPerAddress} failed attempts from one client address per
 * {@link ChatLimits#loginWindow} (each attempt spends one place first, so parallel guesses cannot
 * overrun the budget, and a successful one gives it back: a busy NAT of honest users is not
 * throttled); UNAVAILABLE (budget given back) when a dependency is down.
 *
 * <p>Thread-safe; methods block on the authenticator and the stores, so call them off event loops.
 */
public final class IdentityService {
  /** Longest credential looked at; longer ones are refused before they reach the authenticator. */
  public static final int MAX_CREDENTIAL_LENGTH = 16 * 1024;
  private static final Logger log = LoggerFactory.getLogger(IdentityService.class);

  private final UserStore users;
  private final TokenStore tokens;
  private final RateLimiter rateLimiter;
  private final NodeDirectory nodes;
  private final ChatLimits limits;
  private final Authenticator authenticator;
  private final UserProvisioning provisioning; // null: provisioning off

  /**
   * A service that checks credentials with {@code authenticator} and, when {@code provisionUsers},
   * makes an account for a host user seen for the first time. {@code nodes} assigns the chat node
   * of a gate login ({@link #login}).
   */
  public IdentityService(UserStore users, TokenStore tokens, RateLimiter rateLimiter, NodeDirectory nodes,
      ChatLimits limits, Authenticator authenticator, boolean provisionUsers) {
    this.users = Objects.requireNonNull(users, "users");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.provisioning = provisionUsers ? new UserProvisioning(users) : null;
  }

  /** True when a host user seen for the first time gets an account. */
  public boolean provisionsUsers() {
    return provisioning != null;
  }

  /**
   * Checks {@code credential}, finds or makes the account, assigns a chat node and issues a
   * session token for {@code device} (null: a new device, platform OTHER), like a password login.
   * {@code clientAddress} (the transport's peer address) must not be null.
   */
  public LoginResult login(String credential, String clientAddress, DeviceInfo device) {
    DeviceInfo on = device != null ? device : new DeviceInfo(AccountService.newDeviceId(), Platform.OTHER, "");
    return limited(clientAddress, () -> {
      User user = resolve(credential);
      ChatNodeInfo node = assignNode();
      return new LoginResult(user, issue(user, on), node);
    });
  }

  /**
   * {@link #login} without a chat node: for a chat node that accepts the credential in
   * {@code Login} itself. Returns the account and the session token issued for {@code device}.
   */
  public SignIn signIn(String credential, String clientAddress, DeviceInfo device) {
    Objects.requireNonNull(device, "device");
    return limited(clientAddress, () -> {
      User user = resolve(credential);
      return new SignIn(user, issue(user, device));
    });
  }

  /** A login at a chat node: the account a credential names and the session token issued for it. */
  public record SignIn(User user, SessionToken token) {
    public SignIn {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(token, "token");
    }
  }

  private <T> T limited(String clientAddress, java.util.function.Supplier<T> body) {
    Objects.requireNonNull(clientAddress, "clientAddress");
    LimitedAttempt attempt = new LimitedAttempt(rateLimiter);
    T result = attempt.run(() -> {
      attempt.spend("login:ext:addr:" + clientAddress, limits.loginAttemptsPerAddress(), limits.loginWindow(),
          "failed credential logins for address " + clientAddress);
      return body.get();
    });
    attempt.refund(); // only failed attempts count
    return result;
  }

  /** The enabled account {@code credential} names, made now when it is new and provisioning is on. */
  private User resolve(String credential) {
    ExternalIdentity identity = authenticate(credential);
    Optional<User> known = users.findByExternalId(identity.externalId());
    User user;
    if (known.isPresent()) {
      user = known.get();
    } else if (provisioning == null) {
      log.info("credential login refused: host user {} has no account and provisioning is off", identity.externalId());
      throw invalidCredentials();
    } else {
      user = provisioning.provision(identity);
    }
    if (user.disabled()) {
      throw AccountService.accountDisabled(user.id());
    }
    return user;
  }

  private ExternalIdentity authenticate(String credential) {
    if (credential == null || credential.isBlank() || credential.length() > MAX_CREDENTIAL_LENGTH) {
      log.info("credential login refused: the credential is missing or longer than {} characters",
          MAX_CREDENTIAL_LENGTH);
      throw invalidCredentials();
    }
    ExternalIdentity identity;
    try {
      identity = authenticator.authenticate(credential);
    } catch (ChatException e) {
      if (e.code() == ErrorCode.UNAVAILABLE) {
        throw e;
      }
      log.info("credential login refused: {}", e.getMessage());
      throw invalidCredentials();
    } catch (RuntimeException e) {
      // A host authenticator that throws on a crafted credential must not hand out free attempts.
      log.warn("credential login refused: the authenticator failed", e);
      throw invalidCredentials();
    }
    if (identity == null) {
      log.warn("credential login refused: the authenticator answered no identity");
      throw invalidCredentials();
    }
    return identity;
  }

  /**
   * Issues the token, then reads the account again: a disable that lands during the login (it
   * stores the flag, then revokes every token) either shows here (the token is revoked now) or
   * revokes this token after it was issued.
   */
  private SessionToken issue(User user, DeviceInfo device) {
    SessionToken token = tokens.issue(user.id(), device);
    Optional<User> now = users.findById(user.id());
    if (now.isEmpty() || now.get().disabled()) {
      tokens.revoke(token.token());
      throw AccountService.accountDisabled(user.id());
    }
    return token;
  }

  private ChatNodeInfo assignNode() {
    return nodes.assign().orElseThrow(() -> new ChatException(ErrorCode.NO_CHAT_NODE, "no chat node is live"));
  }

  private static ChatException invalidCredentials() {
    return new ChatException(ErrorCode.INVALID_CREDENTIALS, "the credential is not valid");
  }
}
