package dev.parley.server.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * What a host application's server does: mints HS256 JWTs for its users with a shared secret. The
 * {@link #settings()} check exactly these tokens. Thread-safe.
 */
public final class TestJwts {
  public static final String ISSUER = "https://host.example";
  public static final String AUDIENCE = "parley";
  private final byte[] secret;

  public TestJwts(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** Settings that accept the tokens {@link #mint} makes. */
  public JwtSettings settings() {
    return JwtSettings.builder().hs256Secret(secret).issuer(ISSUER).audience(AUDIENCE).build();
  }

  /** A token for host user {@code sub} valid for 5 minutes, with a username and display name. */
  public String mint(String sub, String username, String displayName) {
    return mint(sub, username, displayName, Duration.ofMinutes(5));
  }

  /** A token for {@code sub} expiring {@code validFor} from now (negative: already expired). */
  public String mint(String sub, String username, String displayName, Duration validFor) {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(sub)
        .claim("preferred_username", username).claim("name", displayName)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(validFor))).build();
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
