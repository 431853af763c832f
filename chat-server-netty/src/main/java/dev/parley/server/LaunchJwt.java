package dev.parley.server;

import dev.parley.server.identity.JwtSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The identity options of one {@link ParleyServerMain} command line: the JWT settings
 * ({@code --jwt-*}), JWT login at the chat node, provisioning and Parley's own password accounts.
 * Not thread-safe.
 */
final class LaunchJwt {
  static final List<String> USAGE = List.of(
      "Host identity (JWT); a key option, --jwt-issuer and --jwt-audience turn JWT login on:",
      "  --jwt-hs256-secret-file FILE  HS256 with the secret in FILE (at least 32 bytes; trailing newline ignored)",
      "  --jwt-public-key FILE   RS256 or ES256 with a PEM public key (BEGIN PUBLIC KEY or a certificate)",
      "  --jwt-jwks FILE         RS256/ES256 with the keys of a JWKS file, chosen by the token's kid",
      "  --jwt-issuer ISS        the iss every token must carry",
      "  --jwt-audience AUD      a value every token's aud must contain",
      "  --jwt-user-id-claim C   claim with the host's user id (default sub); also --jwt-name-claim",
      "                          (preferred_username), --jwt-nickname-claim (name), --jwt-email-claim (email)",
      "  --jwt-clock-skew-s S    skew allowed on exp and nbf (default 60)",
      "  --jwt-login-at-node     accept a JWT in the chat node's Login too (no gate round trip)",
      "  --no-provisioning       refuse host users who have no Parley account yet (default: make one)",
      "  --no-password-accounts  turn Parley's own sign-up, codes, password login and reset off");

  private final JwtSettings.Builder jwt = JwtSettings.builder();
  private boolean keyGiven;
  private boolean anyJwtOption;
  private boolean loginAtNode;
  private boolean provision = true;
  private boolean passwordAccounts = true;

  /** Takes a flag without a value; false when {@code option} is not one. */
  boolean flag(String option) {
    switch (option) {
      case "--jwt-login-at-node" -> loginAtNode = true;
      case "--no-provisioning" -> provision = false;
      case "--no-password-accounts" -> passwordAccounts = false;
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Takes an option with a value; false when {@code option} is not an identity option. */
  boolean option(String option, String value) {
    try {
      switch (option) {
        case "--jwt-hs256-secret-file" -> key(() -> jwt.hs256SecretFile(Path.of(value)));
        case "--jwt-public-key" -> key(() -> jwt.publicKeyPem(Path.of(value)));
        case "--jwt-jwks" -> key(() -> jwt.jwksFile(Path.of(value)));
        case "--jwt-issuer" -> jwt.issuer(value);
        case "--jwt-audience" -> jwt.audience(value);
        case "--jwt-user-id-claim" -> jwt.userIdClaim(value);
        case "--jwt-name-claim" -> jwt.nameClaim(value);
        case "--jwt-nickname-claim" -> jwt.nicknameClaim(value);
        case "--jwt-email-claim" -> jwt.emailClaim(value);
        case "--jwt-clock-skew-s" -> jwt.clockSkew(Duration.ofSeconds(Long.parseLong(value)));
        default -> {
          return false;
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number of seconds, was '" + value + "'");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
    anyJwtOption = true;
    return true;
  }

  private void key(Runnable set) {
    if (keyGiven) {
      throw new IllegalArgumentException("give one of --jwt-hs256-secret-file, --jwt-public-key, --jwt-jwks");
    }
    keyGiven = true;
    set.run();
  }

  /** Applies the options to {@code b}. @throws IllegalArgumentException for an incomplete or unusable set */
  void apply(ParleyServerBuilder b) {
    if (anyJwtOption) {
      try {
        b.jwt(jwt.build());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("JWT settings: " + e.getMessage(), e);
      }
    } else if (loginAtNode || !passwordAccounts) {
      throw new IllegalArgumentException((loginAtNode ? "--jwt-login-at-node" : "--no-password-accounts")
          + " needs the JWT settings (a key option, --jwt-issuer, --jwt-audience)");
    }
    b.jwtLoginAtNode(loginAtNode).provisionUsers(provision).passwordAccounts(passwordAccounts);
  }
}
