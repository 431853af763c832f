package dev.parley.core.service;

import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.LoginResult;
import dev.parley.core.model.SessionToken;
import dev.parley.core.model.User;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PasswordHasher;
import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.UserStore;
import dev.parley.core.spi.VerificationCodes;
import java.util.Objects;

/**
 * Accounts: verification-code requests, registration, password reset, login and session routing.
 * Transport-agnostic: the gate calls it for HTTP, chat nodes call {@link #authenticate}.
 * Thread-safe; methods block on the SPIs, so call them off event loops.
 */
public final class AccountService {
  /** Shortest password accepted. */
  public static final int MIN_PASSWORD_LENGTH = 8;
  /** Longest password accepted (bounds the KDF's work). */
  public static final int MAX_PASSWORD_LENGTH = 128;

  private final UserStore users;
  private final VerificationCodes codes;
  private final CodeIssuer codeIssuer;
  private final TokenStore tokens;
  private final PasswordHasher hasher;
  private final RateLimiter rateLimiter;
  private final NodeDirectory nodes;
  private final ChatLimits limits;

  public AccountService(UserStore users, VerificationCodes codes, CodeIssuer codeIssuer, TokenStore tokens,
      PasswordHasher hasher, RateLimiter rateLimiter, NodeDirectory nodes, ChatLimits limits) {
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
   * Asks the verify role to mail a code. REGISTER for a taken email fails with EMAIL_TAKEN;
   * RESET_PASSWORD for an unknown email succeeds silently without mailing (no account probing).
   */
  public void requestCode(String email, CodePurpose purpose) {
    throw new UnsupportedOperationException("services issue");
  }

  /** Creates the account after checking email, name, password strength and the REGISTER code. */
  public User register(String email, String name, String password, String code) {
    throw new UnsupportedOperationException("services issue");
  }

  /** Sets a new password after checking the RESET_PASSWORD code. */
  public void resetPassword(String email, String code, String newPassword) {
    throw new UnsupportedOperationException("services issue");
  }

  /**
   * Checks the password (rate-limited per email and per {@code clientAddress}), issues a session
   * token and assigns a chat node. INVALID_CREDENTIALS for an unknown email or a wrong password
   * alike; NO_CHAT_NODE when no node is live.
   */
  public LoginResult login(String email, String password, String clientAddress) {
    throw new UnsupportedOperationException("services issue");
  }

  /** A chat node for a reconnecting client holding {@code token}; UNAUTHORIZED, NO_CHAT_NODE. */
  public ChatNodeInfo route(String token) {
    throw new UnsupportedOperationException("services issue");
  }

  /** The live token, or UNAUTHORIZED. Chat nodes call this on {@code Login}. */
  public SessionToken authenticate(String token) {
    throw new UnsupportedOperationException("services issue");
  }
}
