package dev.parley.server.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.hooks.Authenticator;
import dev.parley.core.hooks.ExternalIdentity;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Set;

/**
 * An {@link Authenticator} for JWTs a host application mints (RFC 7519, signed, compact form), as
 * {@link JwtSettings} configures it: the signature with the configured key and only the algorithm
 * that key pins (never {@code alg: none}, never an RSA public key used as an HMAC secret); the
 * header's {@code typ}, when present, must be {@code JWT}; {@code iss} must equal the issuer,
 * {@code aud} contain the audience; {@code exp} is required and, like {@code nbf} when present,
 * checked with the clock skew; the user-id claim is required (a string or a number, 1 to 128
 * characters). The name, nickname and email claims are optional and read as strings.
 *
 * <p>Every refusal is {@code INVALID_CREDENTIALS} whose message says why, for the log only (the
 * {@link dev.parley.core.service.IdentityService} answers clients with one fixed message).
 *
 * <p>Thread-safe and non-blocking (the keys are in memory); one instance serves every login.
 */
public final class JwtAuthenticator implements Authenticator {
  private final JwtSettings settings;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /** An authenticator checking tokens as {@code settings} says. */
  public JwtAuthenticator(JwtSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    JwtKeys keys = settings.keys();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(keys.algorithms(), keys.source()));
    processor.setJWTClaimsSetVerifier(claimsVerifier(settings));
  }

  /** The settings this authenticator checks with. */
  public JwtSettings settings() {
    return settings;
  }

  @Override
  public ExternalIdentity authenticate(String credential) {
    if (credential == null || credential.isBlank()) {
      throw refused("no token");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(credential.strip(), null);
    } catch (java.text.ParseException e) {
      throw refused("not a JWT: " + e.getMessage());
    } catch (com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
      throw refused(e.getMessage());
    } catch (RuntimeException e) { // a malformed claim the library trips over
      throw refused(e.toString());
    }
    return identity(claims);
  }

  private ExternalIdentity identity(JWTClaimsSet claims) {
    Object id = claims.getClaim(settings.userIdClaim());
    String externalId = id instanceof String s ? s : id instanceof Number n ? n.toString() : null;
    if (externalId == null || externalId.isBlank() || externalId.length() > ExternalIdentity.MAX_ID_LENGTH) {
      throw refused("claim " + settings.userIdClaim() + " is not a user id of 1-" + ExternalIdentity.MAX_ID_LENGTH
          + " characters");
    }
    return new ExternalIdentity(externalId, text(claims, settings.nameClaim()),
        text(claims, settings.nicknameClaim()), text(claims, settings.emailClaim()));
  }

  private static String text(JWTClaimsSet claims, String claim) {
    return claims.getClaim(claim) instanceof String s ? s : "";
  }

  private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(JwtSettings settings) {
    Clock clock = settings.clock();
    DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(settings.audience(),
        new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
        Set.of("exp", "iss", "aud", settings.userIdClaim())) {
      @Override
      protected Date currentTime() {
        return Date.from(clock.instant());
      }
    };
    verifier.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    return verifier;
  }

  private static ChatException refused(String why) {
    return new ChatException(ErrorCode.INVALID_CREDENTIALS, "JWT refused: " + why);
  }
}
