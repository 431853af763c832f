package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.internal.PasswordPolicy;
import dev.parley.core.hooks.Authenticator;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.CodeCheck;
import dev.parley.core.model.CodeMail;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.LoginResult;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.Platform;
import dev.parley.core.model.SessionToken;
import dev.parley.core.model.User;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PasswordHasher;
import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.UserStore;
import dev.parley.core.spi.VerificationCodes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Accounts: verification-code requests, registration, password reset, login and session routing.
 * Transport-agnostic: the gate calls it for HTTP, chat nodes call {@link #authenticate}.
 * Thread-safe; methods block on the SPIs, so call them off event loops.
 */
public final class AccountService {
  private static final java.security.SecureRandom DEVICE_IDS = new java.security.SecureRandom();
  /** Shortest password accepted. */
  public static final int MIN_PASSWORD_LENGTH = 8;
  /** Longest password accepted (bounds the KDF's work). */
  public static final int MAX_PASSWORD_LENGTH = 128;

  // Longer inputs cannot be a code or a token; reject them before they reach a store.
  private static final int MAX_CODE_LENGTH = 32;
  private static final int MAX_TOKEN_LENGTH = 512;
  /** What a session closed because its account was disabled is told. */
  public static final String DISABLED_REASON = "the account was disabled";
  /** What a session closed by a password reset is told. */
  public static final String PASSWORD_RESET_REASON = "the account's password was reset; log in again";
  private static final String RESET_CODE_PROBLEM =
      "the verification code is wrong, expired or used up; check it or request a new one";

  private final UserStore users;
  private final VerificationCodes codes;
  private final CodeIssuer codeIssuer;
  private final TokenStore tokens;
  private final PasswordHasher hasher;
  private final RateLimiter rateLimiter;
  private final NodeDirectory nodes;
  private final ChatLimits limits;
  private final SessionCloser sessions;
  private final PasswordPolicy passwordPolicy = new PasswordPolicy(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH);
  private final SecureRandom random = new SecureRandom();
  /** A real hash of a random secret, verified against for unknown emails; made on first need. */
  private volatile String dummyHash;

  /** An account service whose password resets revoke tokens but close no session ({@link SessionCloser#NONE}). */
  public AccountService(UserStore users, VerificationCodes codes, CodeIssuer codeIssuer, TokenStore tokens,
      PasswordHasher hasher, RateLimiter rateLimiter, NodeDirectory nodes, ChatLimits limits) {
    this(users, codes, codeIssuer, tokens, hasher, rateLimiter, nodes, limits, SessionCloser.NONE);
  }

  /** An account service whose password resets also close the account's open sessions through {@code sessions}. */
  public AccountService(UserStore users, VerificationCodes codes, CodeIssuer codeIssuer, TokenStore tokens,
      PasswordHasher hasher, RateLimiter rateLimiter, NodeDirectory nodes, ChatLimits limits,
      SessionCloser sessions) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.users = Objects.requireNonNull(users, "users");
    this.codes = Objects.requireNonNull(codes, "codes");
    this.codeIssuer = Objects.requireNonNull(codeIssuer, "codeIssuer");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Asks the verify role to mail a code, answering alike whether or not the email has an account
   * (no account probing): a REGISTER request for a taken email mails a notice that the address has
   * an account, a RESET_PASSWORD request for an unknown one a notice that it has none, and both are
   * rate-limited per (email, purpose) like any other. RATE_LIMITED (with retry-after) past
   * {@link CodeLimits#requestsPerAddress} requests from {@code clientAddress} (the transport's peer
   * address, not null) per {@link CodeLimits#addressWindow}, or {@link CodeLimits#requestsPerMinute}
   * in all; a request refused for a down dependency (UNAVAILABLE) does not count.
   */
  public void requestCode(String email, CodePurpose purpose, String clientAddress) {
    Objects.requireNonNull(clientAddress, "clientAddress");
    String normalized = Validation.email(email);
    requirePurpose(purpose);
    CodeLimits caps = limits.codeLimits();
    LimitedAttempt attempt = new LimitedAttempt(rateLimiter);
    attempt.run(() -> {
      attempt.spend("code:addr:" + clientAddress, caps.requestsPerAddress(), caps.addressWindow(),
          "code requests from address " + clientAddress);
      attempt.spend("code:all", caps.requestsPerMinute(), CodeLimits.GLOBAL_WINDOW, "code requests");
      Optional<User> account = users.findByEmail(normalized);
      // A host's user (no password) is told "no account" for a reset, "exists" for a registration.
      boolean known = purpose == CodePurpose.RESET_PASSWORD ? account.filter(u -> !u.isExternal()).isPresent()
          : account.isPresent();
      codeIssuer.issue(normalized, purpose, mailFor(purpose, known));
      return null;
    });
  }

  /**
   * Creates the account after checking, in this order: INVALID_EMAIL, INVALID_NAME, WEAK_PASSWORD,
   * NAME_TAKEN (none of which spends the code), RATE_LIMITED past {@link CodeLimits#failedChecksPerDay}
   * wrong codes for the email, INVALID_CODE for a wrong, missing/expired/used or exhausted code, and
   * only then EMAIL_TAKEN, so a prober without the mailed code learns nothing about the email.
   */
  public User register(String email, String name, String password, String code) {
    return register(email, name, password, code, null);
  }

  /**
   * {@link #register(String, String, String, String)} for a request from {@code clientAddress}
   * (the transport's peer address; the gate passes it): the code check also spends one of the
   * address's {@link ChatLimits#loginAttemptsPerAddress} per {@link ChatLimits#loginWindow},
   * counted apart from logins, and past it answers RATE_LIMITED (with retry-after) without
   * checking. Each check of a made-up email leaves a day-long count behind, so one address must
   * not make them without bound. Null means no address: no per-address limit.
   */
  public User register(String email, String name, String password, String code, String clientAddress) {
    String normalizedEmail = Validation.email(email);
    String normalizedName = Validation.name(name);
    passwordPolicy.checkShape(password);
    passwordPolicy.checkNotEmail(password, normalizedEmail);
    passwordPolicy.checkNotName(password, normalizedName);
    String presented = requireCode(code);
    // Names are public (the directory lists them), so a name clash may answer first and must not
    // burn the code the user just received; whether the email is taken is told only to its owner.
    if (AdminService.isReservedName(normalizedName) || users.findByName(normalizedName).isPresent()) {
      throw new ChatException(ErrorCode.NAME_TAKEN, "name '" + normalizedName + "' is taken");
    }
    CodeCheck check = checkCode(normalizedEmail, CodePurpose.REGISTER, presented, clientAddress);
    if (check != CodeCheck.VALID) {
      throw new ChatException(ErrorCode.INVALID_CODE, registerCodeProblem(check));
    }
    if (users.findByEmail(normalizedEmail).isPresent()) {
      throw new ChatException(ErrorCode.EMAIL_TAKEN, "email " + normalizedEmail + " is already registered");
    }
    // The store re-checks uniqueness, so a concurrent registration still ends in EMAIL_TAKEN/NAME_TAKEN.
    return users.create(new NewUser(normalizedEmail, normalizedName, hasher.hash(password)));
  }

  /**
   * Sets a new password after checking the RESET_PASSWORD code, then revokes every token of the
   * account and closes its open sessions through the {@link SessionCloser}. Every failure of the
   * code, and an unknown email, answers the same INVALID_CODE so the call cannot tell whether an
   * account exists; past {@link CodeLimits#failedChecksPerDay} wrong codes for the email (known or
   * not) it answers RATE_LIMITED without checking the code.
   */
  public void resetPassword(String email, String code, String newPassword) {
    resetPassword(email, code, newPassword, null);
  }

  /**
   * {@link #resetPassword(String, String, String)} for a request from {@code clientAddress}: the
   * code check spends the address's budget as in {@link #register(String, String, String, String, String)}.
   */
  public void resetPassword(String email, String code, String newPassword, String clientAddress) {
    String normalizedEmail = Validation.email(email);
    passwordPolicy.checkShape(newPassword);
    passwordPolicy.checkNotEmail(newPassword, normalizedEmail);
    String presented = requireCode(code);
    // A host's user has no Parley password to reset: treated as unknown, so none can be set.
    Optional<User> user = users.findByEmail(normalizedEmail).filter(u -> !u.isExternal());
    // Verify even for unknown emails so both paths make the same store calls.
    CodeCheck check = checkCode(normalizedEmail, CodePurpose.RESET_PASSWORD, presented, clientAddress);
    if (check != CodeCheck.VALID || user.isEmpty()) {
      throw new ChatException(ErrorCode.INVALID_CODE, RESET_CODE_PROBLEM);
    }
    // Checked after the code on purpose: checking it before would reveal the account's name to a prober.
    passwordPolicy.checkNotName(newPassword, user.get().name());
    if (!users.updatePasswordHash(user.get().id(), hasher.hash(newPassword))) {
      throw new ChatException(ErrorCode.INVALID_CODE, RESET_CODE_PROBLEM);
    }
    // Tokens first, so a kicked client that reconnects with its old token is refused.
    tokens.revokeAll(user.get().id());
    sessions.closeSessions(user.get().id(), PASSWORD_RESET_REASON);
  }

  /**
   * Checks the password (rate-limited per email and per {@code clientAddress}), issues a session
   * token and assigns a chat node. INVALID_CREDENTIALS for an unknown email or a wrong password
   * alike; NO_CHAT_NODE when no node is live; RATE_LIMITED (with retry-after) past
   * {@link ChatLimits#loginAttemptsPerEmail} or {@link ChatLimits#loginAttemptsPerAddress} attempts per
   * {@link ChatLimits#loginWindow} (a sliding window). An attempt that fails because a dependency
   * is down (UNAVAILABLE, NO_CHAT_NODE) gives its place in both budgets back.
   * {@code clientAddress} (the transport's peer address) must not be null.
   */
  public LoginResult login(String email, String password, String clientAddress) {
    return login(email, password, clientAddress, null);
  }

  /**
   * {@link #login(String, String, String)} for {@code device}: the token is issued for that device
   * (revoking the device's earlier tokens), or, with a null device, for a new device with an id
   * from {@link #newDeviceId()} and platform OTHER.
   */
  public LoginResult login(String email, String password, String clientAddress, DeviceInfo device) {
    Objects.requireNonNull(clientAddress, "clientAddress");
    DeviceInfo on = device != null ? device : new DeviceInfo(newDeviceId(), Platform.OTHER, "");
    LimitedAttempt attempt = new LimitedAttempt(rateLimiter);
    return attempt.run(() -> {
      attempt.spend("login:addr:" + clientAddress, limits.loginAttemptsPerAddress(), limits.loginWindow(),
          "login attempts for address " + clientAddress);
      String normalizedEmail = Validation.email(email);
      attempt.spend("login:email:" + normalizedEmail, limits.loginAttemptsPerEmail(), limits.loginWindow(),
          "login attempts for email " + normalizedEmail);
      User user = checkCredentials(normalizedEmail, password);
      ChatNodeInfo node = assignNode();
      SessionToken token = tokens.issue(user.id(), on);
      requireUnchangedPassword(user, token);
      return new LoginResult(user, token, node);
    });
  }

  /** A new random device id (22 base64url characters, 128 bits) for a client that sent none. */
  public static String newDeviceId() {
    byte[] bytes = new byte[16];
    DEVICE_IDS.nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Closes the race with a password reset that lands while the old password is being verified:
   * a reset stores the hash, then revokes every token; this issues, then reads the hash. Either the
   * read sees the new hash (the token is revoked here) or the reset's revokeAll comes after the issue.
   */
  private void requireUnchangedPassword(User checked, SessionToken token) {
    Optional<User> now = users.findById(checked.id());
    if (now.isEmpty() || !now.get().passwordHash().equals(checked.passwordHash())) {
      tokens.revoke(token.token());
      throw badCredentials();
    }
    if (now.get().disabled()) { // disabled while the password was checked
      tokens.revoke(token.token());
      throw accountDisabled(checked.id());
    }
  }

  /** A chat node for a reconnecting client holding {@code token}; UNAUTHORIZED, NO_CHAT_NODE. */
  public ChatNodeInfo route(String token) {
    authenticate(token);
    return assignNode();
  }

  /**
   * The live token, or UNAUTHORIZED: also for a token of a disabled account (its tokens are
   * revoked when it is disabled; this covers one issued while the disable was under way).
   */
  public SessionToken authenticate(String token) {
    if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
      throw new ChatException(ErrorCode.UNAUTHORIZED, "a session token is required");
    }
    SessionToken live = tokens.verify(token)
        .orElseThrow(() -> new ChatException(ErrorCode.UNAUTHORIZED, "session token is unknown, revoked or expired"));
    if (users.findById(live.userId()).map(User::disabled).orElse(true)) {
      throw new ChatException(ErrorCode.UNAUTHORIZED, "the account of this session token is disabled");
    }
    return live;
  }

  /**
   * Disables the account: it is marked disabled (every login and reconnect is refused from then
   * on), its tokens are revoked, then its open sessions are kicked with {@link KickReason#DISABLED}
   * through the {@link SessionCloser}. False when the user does not exist. Idempotent.
   */
  public boolean disable(long userId) {
    if (!users.setDisabled(userId, true)) {
      return false;
    }
    // Flag first, then tokens: a login that issues a token after the revoke sees the flag when it
    // re-reads the account (IdentityService, requireUnchangedPassword) and revokes its own token.
    tokens.revokeAll(userId);
    sessions.closeSessions(userId, KickReason.DISABLED, DISABLED_REASON);
    return true;
  }

  /** Enables a disabled account again (it logs in anew; nothing is restored). False for an unknown user. */
  public boolean enable(long userId) {
    return users.setDisabled(userId, false);
  }

  /**
   * An {@link IdentityService} over this service's stores, limits and node directory that checks
   * host credentials with {@code authenticator} and, when {@code provisionUsers}, makes accounts
   * for host users seen for the first time.
   */
  public IdentityService identity(Authenticator authenticator, boolean provisionUsers) {
    return new IdentityService(users, tokens, rateLimiter, nodes, limits, authenticator, provisionUsers);
  }

  private User checkCredentials(String normalizedEmail, String password) {
    if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD_LENGTH) {
      // No stored password can match, whether or not the account exists: nothing leaks.
      throw badCredentials();
    }
    // An account without a password (a host's user) can never match: it is treated as unknown.
    Optional<User> user = users.findByEmail(normalizedEmail).filter(User::hasPassword);
    // Unknown emails still pay for one verification, so response time does not reveal existence.
    String hash = user.map(User::passwordHash).orElseGet(this::dummyHash);
    boolean matches = hasher.verify(password, hash);
    if (user.isEmpty() || !matches) {
      throw badCredentials();
    }
    // Told only to whoever proved the password, so it reveals nothing to a prober.
    if (user.get().disabled()) {
      throw accountDisabled(user.get().id());
    }
    return user.get();
  }

  /**
   * Checks a presented code, counting it against the address's budget of checks (when there is an
   * address) and the email's daily budget of wrong codes first (so parallel guesses cannot overrun
   * them); a valid code, or a check a down store could not make, gives its places back.
   */
  private CodeCheck checkCode(String normalizedEmail, CodePurpose purpose, String presented, String clientAddress) {
    LimitedAttempt attempt = new LimitedAttempt(rateLimiter);
    CodeCheck check = attempt.run(() -> {
      if (clientAddress != null) {
        attempt.spend("code:check:addr:" + clientAddress, limits.loginAttemptsPerAddress(), limits.loginWindow(),
            "code checks from address " + clientAddress);
      }
      attempt.spend("code:fail:" + normalizedEmail, limits.codeLimits().failedChecksPerDay(),
          CodeLimits.FAILED_CHECKS_WINDOW, "wrong verification codes for " + normalizedEmail);
      return codes.verify(normalizedEmail, purpose, presented);
    });
    if (check == CodeCheck.VALID) {
      attempt.refund();
    }
    return check;
  }

  private static CodeMail mailFor(CodePurpose purpose, boolean known) {
    return switch (purpose) {
      case REGISTER -> known ? CodeMail.ACCOUNT_EXISTS : CodeMail.CODE;
      case RESET_PASSWORD -> known ? CodeMail.CODE : CodeMail.NO_ACCOUNT;
    };
  }

  private ChatNodeInfo assignNode() {
    return nodes.assign().orElseThrow(() -> new ChatException(ErrorCode.NO_CHAT_NODE, "no chat node is live"));
  }

  private String dummyHash() {
    String hash = dummyHash;
    if (hash == null) {
      // Racing threads may each compute one; any of them will do.
      byte[] secret = new byte[24];
      random.nextBytes(secret);
      hash = hasher.hash(HexFormat.of().formatHex(secret));
      dummyHash = hash;
    }
    return hash;
  }

  static ChatException accountDisabled(long userId) {
    return new ChatException(ErrorCode.ACCOUNT_DISABLED, "account " + userId + " is disabled");
  }

  private static ChatException badCredentials() {
    return new ChatException(ErrorCode.INVALID_CREDENTIALS, "wrong email or password");
  }

  private static void requirePurpose(CodePurpose purpose) {
    if (purpose == null) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "purpose is required (REGISTER or RESET_PASSWORD)");
    }
  }

  private static String requireCode(String code) {
    if (code == null || code.isBlank()) {
      throw new ChatException(ErrorCode.INVALID_CODE, "a verification code is required");
    }
    if (code.length() > MAX_CODE_LENGTH) {
      throw new ChatException(ErrorCode.INVALID_CODE, "wrong verification code");
    }
    return code.trim();
  }

  private static String registerCodeProblem(CodeCheck check) {
    return switch (check) {
      case WRONG -> "wrong verification code";
      case MISSING -> "no live verification code for this email: it expired or was used; request a new one";
      case TOO_MANY_ATTEMPTS -> "too many wrong attempts; request a new verification code";
      case VALID -> throw new IllegalArgumentException("VALID is not a problem");
    };
  }
}
