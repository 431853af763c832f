package dev.parley.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.hooks.ExternalIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JwtAuthenticator} against tokens signed with real keys (HS256 secret, RSA and EC key pairs
 * written as PEM and JWKS files): only the valid ones pass, every refusal is INVALID_CREDENTIALS.
 */
class JwtAuthenticatorTest {
  private static final String ISSUER = "https://app.example";
  private static final String AUDIENCE = "parley";
  private static final Instant NOW = Instant.parse("2031-05-04T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-host-secret".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dir;
  private static RSAKey rsa;
  private static RSAKey rsaB;
  private static ECKey ec;
  private static Path rsaPem;
  private static Path ecPem;
  private static Path jwks;

  @BeforeAll
  static void keys() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-a").generate();
    rsaB = new RSAKeyGenerator(2048).keyID("rsa-b").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    rsaPem = write("rsa.pem", pem(rsa.toPublicKey()));
    ecPem = write("ec.pem", pem(ec.toPublicKey()));
    jwks = write("jwks.json", new JWKSet(List.of(rsa.toPublicJWK(), rsaB.toPublicJWK(), ec.toPublicJWK())).toString());
  }

  private final JwtAuthenticator hs256 = new JwtAuthenticator(settings().hs256Secret(SECRET).build());

  @Test
  void aValidHs256TokenNamesTheHostUser() throws Exception {
    String token = hs(claims().claim("preferred_username", "kim").claim("name", "Kim Doe")
        .claim("email", "kim@app.example"));

    assertThat(hs256.authenticate(token)).isEqualTo(new ExternalIdentity("user-42", "kim", "Kim Doe", "kim@app.example"));
  }

  @Test
  void optionalClaimsMayBeMissingAndTheUserIdClaimIsConfigurable() throws Exception {
    JwtAuthenticator byUid = new JwtAuthenticator(settings().hs256Secret(SECRET).userIdClaim("uid")
        .nameClaim("login").build());
    String token = hs(claims().claim("uid", 90210L).claim("login", "ann"));

    assertThat(byUid.authenticate(token)).isEqualTo(new ExternalIdentity("90210", "ann", "", ""));
    assertThat(hs256.authenticate(hs(claims()))).isEqualTo(new ExternalIdentity("user-42", "", "", ""));
    refused(byUid, hs(claims())); // no uid claim
  }

  @Test
  void expiryIsRequiredAndCheckedWithTheClockSkew() throws Exception {
    refused(hs256, hs(claims().expirationTime(at(-61)))); // past the 60 s skew
    assertThat(hs256.authenticate(hs(claims().expirationTime(at(-30))))).isNotNull(); // within it
    refused(hs256, hs(claims().expirationTime(null)));
    JwtAuthenticator strict = new JwtAuthenticator(settings().hs256Secret(SECRET).clockSkew(Duration.ZERO).build());
    refused(strict, hs(claims().expirationTime(at(-1))));
  }

  @Test
  void aTokenNotYetValidIsRefused() throws Exception {
    refused(hs256, hs(claims().notBeforeTime(at(120))));
    assertThat(hs256.authenticate(hs(claims().notBeforeTime(at(30))))).isNotNull(); // within the skew
  }

  @Test
  void aWrongSignatureIsRefused() throws Exception {
    String token = sign(new MACSigner("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8)),
        JWSAlgorithm.HS256, null, claims());
    refused(hs256, token);
    String valid = hs(claims());
    refused(hs256, valid.substring(0, valid.length() - 4) + "AAAA"); // tampered signature
    String[] parts = valid.split("\\.");
    String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        claims().subject("admin").build().toString().getBytes(StandardCharsets.UTF_8));
    refused(hs256, parts[0] + "." + otherPayload + "." + parts[2]); // swapped claims
  }

  @Test
  void aWrongIssuerOrAudienceIsRefused() throws Exception {
    refused(hs256, hs(claims().issuer("https://evil.example")));
    refused(hs256, hs(claims().issuer(null)));
    refused(hs256, hs(claims().audience("someone-else")));
    refused(hs256, hs(claims().audience((String) null)));
    assertThat(hs256.authenticate(hs(claims().audience(List.of("other", AUDIENCE))))).isNotNull();
  }

  @Test
  void anUnsignedAlgNoneTokenIsRefused() throws Exception {
    refused(hs256, new PlainJWT(claims().build()).serialize());
    String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = hs(claims()).split("\\.")[1];
    refused(hs256, header + "." + payload + ".");
    refused(hs256, header + "." + payload + "." + hs(claims()).split("\\.")[2]);
  }

  @Test
  void keyConfusionAnHs256TokenSignedWithTheRsaPublicKeyIsRefused() throws Exception {
    JwtAuthenticator rs256 = new JwtAuthenticator(settings().publicKeyPem(rsaPem).build());
    byte[] pemBytes = Files.readAllBytes(rsaPem);
    byte[] derBytes = rsa.toPublicKey().getEncoded();

    refused(rs256, sign(new MACSigner(pemBytes), JWSAlgorithm.HS256, null, claims()));
    refused(rs256, sign(new MACSigner(derBytes), JWSAlgorithm.HS256, null, claims()));
    assertThat(rs256.authenticate(sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, null, claims()))).isNotNull();
  }

  @Test
  void rs256WithAPemPublicKey() throws Exception {
    JwtAuthenticator rs256 = new JwtAuthenticator(settings().publicKeyPem(rsaPem).build());

    assertThat(rs256.authenticate(sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, null, claims())).externalId())
        .isEqualTo("user-42");
    refused(rs256, sign(new RSASSASigner(rsaB), JWSAlgorithm.RS256, null, claims())); // another key pair
    refused(rs256, sign(new RSASSASigner(rsa), JWSAlgorithm.RS512, null, claims())); // the key pins RS256
    refused(rs256, sign(new RSASSASigner(rsa), JWSAlgorithm.PS256, null, claims()));
    refused(rs256, hs(claims()));
  }

  @Test
  void es256WithAPemPublicKey() throws Exception {
    JwtAuthenticator es256 = new JwtAuthenticator(settings().publicKeyPem(ecPem).build());

    assertThat(es256.authenticate(sign(new ECDSASigner(ec), JWSAlgorithm.ES256, null, claims())).externalId())
        .isEqualTo("user-42");
    refused(es256, sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()), JWSAlgorithm.ES256, null,
        claims()));
    refused(es256, sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, null, claims()));
    refused(es256, sign(new MACSigner(Files.readAllBytes(ecPem)), JWSAlgorithm.HS256, null, claims()));
  }

  @Test
  void aJwksFileSelectsTheKeyByKid() throws Exception {
    JwtAuthenticator byJwks = new JwtAuthenticator(settings().jwksFile(jwks).build());

    assertThat(byJwks.authenticate(sign(new RSASSASigner(rsaB), JWSAlgorithm.RS256, "rsa-b", claims()))).isNotNull();
    assertThat(byJwks.authenticate(sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa-a", claims()))).isNotNull();
    assertThat(byJwks.authenticate(sign(new ECDSASigner(ec), JWSAlgorithm.ES256, "ec-1", claims()))).isNotNull();
    refused(byJwks, sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa-b", claims())); // kid names another key
    refused(byJwks, sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa-unknown", claims()));
    refused(byJwks, sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()), JWSAlgorithm.RS256, null, claims()));
    refused(byJwks, sign(new MACSigner(Files.readAllBytes(jwks)), JWSAlgorithm.HS256, "rsa-a", claims()));
  }

  @Test
  void theTypHeaderMustBeJwtWhenPresent() throws Exception {
    assertThat(hs256.authenticate(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, null, claims(), null))).isNotNull();
    refused(hs256, sign(new MACSigner(SECRET), JWSAlgorithm.HS256, null, claims(), new JOSEObjectType("at+jwt")));
  }

  @Test
  void garbageIsRefused() {
    for (String junk : List.of("", "   ", "abc", "a.b.c", "a.b", "....", "eyJhbGciOiJIUzI1NiJ9.e30.",
        "x".repeat(5000))) {
      refused(hs256, junk);
    }
    refused(hs256, null);
  }

  @Test
  void settingsRefuseWeakOrMissingKeys() throws Exception {
    assertThatThrownBy(() -> JwtSettings.builder().hs256Secret(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> settings().hs256Secret(SECRET).publicKeyPem(rsaPem).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JwtSettings.builder().hs256Secret(SECRET).issuer(ISSUER).build())
        .isInstanceOf(IllegalStateException.class);
    Path shortRsa = write("short.pem", pem(new RSAKeyGenerator(1024, true).generate().toPublicKey()));
    assertThatThrownBy(() -> settings().publicKeyPem(shortRsa).build()).isInstanceOf(IllegalArgumentException.class);
    Path p384 = write("p384.pem", pem(new ECKeyGenerator(Curve.P_384).generate().toPublicKey()));
    assertThatThrownBy(() -> settings().publicKeyPem(p384).build()).isInstanceOf(IllegalArgumentException.class);
    Path notPem = write("x.pem", "hello");
    assertThatThrownBy(() -> settings().publicKeyPem(notPem).build()).isInstanceOf(IllegalArgumentException.class);
    Path secretFile = write("jwt.secret", new String(SECRET, StandardCharsets.UTF_8) + "\n");
    JwtAuthenticator fromFile = new JwtAuthenticator(settings().hs256SecretFile(secretFile).build());
    assertThat(fromFile.authenticate(hs(claims()))).isNotNull();
  }

  private static JwtSettings.Builder settings() {
    return JwtSettings.builder().issuer(ISSUER).audience(AUDIENCE).clock(CLOCK);
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("user-42")
        .issueTime(at(-10)).expirationTime(at(300));
  }

  private static Date at(long secondsFromNow) {
    return Date.from(NOW.plusSeconds(secondsFromNow));
  }

  private static String hs(JWTClaimsSet.Builder claims) throws Exception {
    return sign(new MACSigner(SECRET), JWSAlgorithm.HS256, null, claims);
  }

  private static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet.Builder claims)
      throws Exception {
    return sign(signer, alg, kid, claims, JOSEObjectType.JWT);
  }

  private static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet.Builder claims,
      JOSEObjectType typ) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(typ).build(), claims.build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static void refused(JwtAuthenticator authenticator, String token) {
    assertThatThrownBy(() -> authenticator.authenticate(token))
        .isInstanceOfSatisfying(ChatException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS));
  }

  static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
  }

  private static Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
