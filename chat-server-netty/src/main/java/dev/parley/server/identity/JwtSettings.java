package dev.parley.server.identity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a {@link JwtAuthenticator} checks the JWTs a host application mints: one key source (an
 * HS256 shared secret, a PEM public key for RS256 or ES256, or a JWKS file of RSA and P-256 keys),
 * the required issuer ({@code iss}) and audience ({@code aud}), the clock skew allowed on
 * {@code exp} and {@code nbf}, and which claims carry the host's user id, the name, the nickname
 * and the email of an account provisioned on first login.
 *
 * <p>The key decides the algorithm (pinned: a token naming another algorithm, {@code none}
 * included, is refused): a secret means HS256 only; an RSA public key RS256 only; an EC P-256 key
 * ES256 only; a JWKS file RS256 for its RSA keys and ES256 for its P-256 keys, chosen by the
 * token's {@code kid} when it has one. Key files are read and checked by {@link Builder#build()}
 * (a changed file needs a new authenticator).
 *
 * <pre>{@code
 * JwtSettings jwt = JwtSettings.builder()
 *     .hs256Secret(Files.readAllBytes(Path.of("jwt.secret")))
 *     .issuer("https://app.example").audience("parley")
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class JwtSettings {
  /** Shortest HS256 secret accepted: 256 bits, as RFC 7518 requires for HS256. */
  public static final int MIN_SECRET_BYTES = 32;
  /** Shortest RSA modulus accepted. */
  public static final int MIN_RSA_BITS = 2048;
  /** Clock skew allowed on {@code exp} and {@code nbf} unless told otherwise. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  /** The claim holding the host's user id unless told otherwise. */
  public static final String DEFAULT_USER_ID_CLAIM = "sub";
  /** The claim a provisioned account's name comes from unless told otherwise. */
  public static final String DEFAULT_NAME_CLAIM = "preferred_username";
  /** The claim a provisioned account's nickname comes from unless told otherwise. */
  public static final String DEFAULT_NICKNAME_CLAIM = "name";
  /** The claim a provisioned account's email comes from unless told otherwise. */
  public static final String DEFAULT_EMAIL_CLAIM = "email";

  private final JwtKeys keys;
  private final String issuer;
  private final String audience;
  private final Duration clockSkew;
  private final String userIdClaim;
  private final String nameClaim;
  private final String nicknameClaim;
  private final String emailClaim;
  private final Clock clock;

  private JwtSettings(Builder b, JwtKeys keys) {
    this.keys = keys;
    this.issuer = b.issuer;
    this.audience = b.audience;
    this.clockSkew = b.clockSkew;
    this.userIdClaim = b.userIdClaim;
    this.nameClaim = b.nameClaim;
    this.nicknameClaim = b.nicknameClaim;
    this.emailClaim = b.emailClaim;
    this.clock = b.clock;
  }

  /** A builder: one key source, the issuer and the audience are required. */
  public static Builder builder() {
    return new Builder();
  }

  JwtKeys keys() {
    return keys;
  }

  /** The {@code iss} every token must carry. */
  public String issuer() {
    return issuer;
  }

  /** The value every token's {@code aud} must contain. */
  public String audience() {
    return audience;
  }

  /** How far {@code exp} and {@code nbf} may be off. */
  public Duration clockSkew() {
    return clockSkew;
  }

  /** The claim holding the host's user id (required in every token). */
  public String userIdClaim() {
    return userIdClaim;
  }

  /** The claim a provisioned account's name comes from (optional in a token). */
  public String nameClaim() {
    return nameClaim;
  }

  /** The claim a provisioned account's nickname comes from (optional in a token). */
  public String nicknameClaim() {
    return nicknameClaim;
  }

  /** The claim a provisioned account's email comes from (optional in a token). */
  public String emailClaim() {
    return emailClaim;
  }

  /** The clock {@code exp} and {@code nbf} are checked against. */
  public Clock clock() {
    return clock;
  }

  /** What kind of key checks the signatures, for logs: "HS256 secret", "RS256 public key", "JWKS (3 keys)". */
  public String describeKey() {
    return keys.description();
  }

  @Override
  public String toString() {
    return "JwtSettings[" + keys.description() + ", iss=" + issuer + ", aud=" + audience + ", skew=" + clockSkew
        + ", userId=" + userIdClaim + "]";
  }

  /** Builds {@link JwtSettings}. Not thread-safe; each setter checks its own argument. */
  public static final class Builder {
    private byte[] secret;
    private Path publicKeyPem;
    private Path jwksFile;
    private String issuer;
    private String audience;
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private String userIdClaim = DEFAULT_USER_ID_CLAIM;
    private String nameClaim = DEFAULT_NAME_CLAIM;
    private String nicknameClaim = DEFAULT_NICKNAME_CLAIM;
    private String emailClaim = DEFAULT_EMAIL_CLAIM;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** HS256 with this shared secret (at least {@link #MIN_SECRET_BYTES} bytes); copied. */
    public Builder hs256Secret(byte[] secret) {
      Objects.requireNonNull(secret, "secret");
      if (secret.length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException("an HS256 secret needs at least " + MIN_SECRET_BYTES + " bytes, was "
            + secret.length);
      }
      this.secret = secret.clone();
      return this;
    }

    /**
     * HS256 with the secret in {@code file}: its bytes, with trailing line breaks and spaces left
     * out (what {@code openssl rand -base64 48 > jwt.secret} writes is the base64 text, used as is).
     */
    public Builder hs256SecretFile(Path file) {
      return hs256Secret(JwtKeys.readSecretFile(Objects.requireNonNull(file, "file")));
    }

    /** HS256 with {@code secret}'s UTF-8 bytes (at least {@link #MIN_SECRET_BYTES}). */
    public Builder hs256Secret(String secret) {
      return hs256Secret(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * RS256 or ES256 with the public key in {@code pemFile}: {@code -----BEGIN PUBLIC KEY-----}
     * (an RSA key of at least {@link #MIN_RSA_BITS} bits, or an EC P-256 key) or a
     * {@code -----BEGIN CERTIFICATE-----} holding one.
     */
    public Builder publicKeyPem(Path pemFile) {
      this.publicKeyPem = Objects.requireNonNull(pemFile, "pemFile");
      return this;
    }

    /** RS256/ES256 with the public keys of the JWK set in {@code file} (RFC 7517 JSON). */
    public Builder jwksFile(Path file) {
      this.jwksFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** Required: the {@code iss} every token must carry, compared exactly. */
    public Builder issuer(String issuer) {
      this.issuer = nonBlank("issuer", issuer);
      return this;
    }

    /** Required: a value every token's {@code aud} must contain (e.g. "parley"). */
    public Builder audience(String audience) {
      this.audience = nonBlank("audience", audience);
      return this;
    }

    /** How far {@code exp} and {@code nbf} may be off; default {@link #DEFAULT_CLOCK_SKEW}, at most 10 minutes. */
    public Builder clockSkew(Duration skew) {
      Objects.requireNonNull(skew, "clockSkew");
      if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("clockSkew must be 0 to 10 minutes, was " + skew);
      }
      this.clockSkew = skew;
      return this;
    }

    /** The claim holding the host's user id; default {@code sub}. */
    public Builder userIdClaim(String claim) {
      this.userIdClaim = nonBlank("userIdClaim", claim);
      return this;
    }

    /** The claim the name of a provisioned account comes from; default {@code preferred_username}. */
    public Builder nameClaim(String claim) {
      this.nameClaim = nonBlank("nameClaim", claim);
      return this;
    }

    /** The claim the nickname of a provisioned account comes from; default {@code name}. */
    public Builder nicknameClaim(String claim) {
      this.nicknameClaim = nonBlank("nicknameClaim", claim);
      return this;
    }

    /** The claim the email of a provisioned account comes from; default {@code email}. */
    public Builder emailClaim(String claim) {
      this.emailClaim = nonBlank("emailClaim", claim);
      return this;
    }

    /** The clock {@code exp} and {@code nbf} are checked against; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Reads and checks the key and freezes the settings.
     *
     * @throws IllegalStateException without exactly one key source, issuer or audience
     * @throws IllegalArgumentException when a key file cannot be read or holds no usable key
     */
    public JwtSettings build() {
      long sources = Arrays.asList(secret, publicKeyPem, jwksFile).stream().filter(Objects::nonNull).count();
      if (sources != 1) {
        throw new IllegalStateException("give exactly one JWT key source (hs256Secret, publicKeyPem or jwksFile), got "
            + sources);
      }
      if (issuer == null || audience == null) {
        throw new IllegalStateException("a JWT issuer and audience are required (issuer=" + issuer + ", audience="
            + audience + ")");
      }
      JwtKeys keys = secret != null ? JwtKeys.hs256(secret)
          : publicKeyPem != null ? JwtKeys.pem(publicKeyPem) : JwtKeys.jwks(jwksFile);
      return new JwtSettings(this, keys);
    }

    private static String nonBlank(String what, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return value;
    }
  }
}
