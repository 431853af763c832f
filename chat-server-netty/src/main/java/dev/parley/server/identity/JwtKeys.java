package dev.parley.server.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The verification keys of a {@link JwtSettings} and the algorithms they pin: HS256 for a secret,
 * RS256 for RSA keys, ES256 for EC P-256 keys. Every other key (symmetric keys in a JWKS, other
 * curves, short RSA keys, keys for encryption) is left out, so no token can make a key serve an
 * algorithm it was not meant for. Immutable.
 */
record JwtKeys(JWKSource<SecurityContext> source, Set<JWSAlgorithm> algorithms, String description) {
  private static final String BEGIN = "-----BEGIN ";
  private static final String PUBLIC_KEY_BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String PUBLIC_KEY_END = "-----END PUBLIC KEY-----";

  static JwtKeys hs256(byte[] secret) {
    return new JwtKeys(new ImmutableSecret<>(secret.clone()), Set.of(JWSAlgorithm.HS256), "HS256 secret");
  }

  static JwtKeys pem(Path file) {
    PublicKey key = readPublicKey(file);
    JWK jwk = usable(key).orElseThrow(() -> new IllegalArgumentException(file + ": not an RSA key of at least "
        + JwtSettings.MIN_RSA_BITS + " bits or an EC P-256 key: " + key.getAlgorithm()));
    JWSAlgorithm alg = jwk instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
    return new JwtKeys(new ImmutableJWKSet<>(new JWKSet(jwk)), Set.of(alg), alg + " public key");
  }

  static JwtKeys jwks(Path file) {
    JWKSet set;
    try {
      set = JWKSet.load(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JWKS file " + file, e);
    } catch (ParseException e) {
      throw new IllegalArgumentException(file + " is not a JWK set: " + e.getMessage(), e);
    }
    List<JWK> kept = new ArrayList<>();
    Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
    for (JWK jwk : set.getKeys()) {
      if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
        continue;
      }
      if (jwk instanceof RSAKey rsa && rsa.size() >= JwtSettings.MIN_RSA_BITS) {
        kept.add(rsa.toPublicJWK());
        algorithms.add(JWSAlgorithm.RS256);
      } else if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
        kept.add(ec.toPublicJWK());
        algorithms.add(JWSAlgorithm.ES256);
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no signing key usable here (RSA of at least "
          + JwtSettings.MIN_RSA_BITS + " bits or EC P-256) among its " + set.getKeys().size() + " keys");
    }
    return new JwtKeys(new ImmutableJWKSet<>(new JWKSet(kept)), Set.copyOf(algorithms),
        "JWKS " + file.getFileName() + " (" + kept.size() + " keys, " + algorithms + ")");
  }

  static byte[] readSecretFile(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the HS256 secret file " + file, e);
    }
    int end = bytes.length;
    while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r' || bytes[end - 1] == ' ')) {
      end--;
    }
    return Arrays.copyOf(bytes, end);
  }

  private static java.util.Optional<JWK> usable(PublicKey key) {
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= JwtSettings.MIN_RSA_BITS) {
      return java.util.Optional.of(new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE).build());
    }
    if (key instanceof ECPublicKey ec && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
      return java.util.Optional.of(new ECKey.Builder(Curve.P_256, ec).keyUse(KeyUse.SIGNATURE).build());
    }
    return java.util.Optional.empty();
  }

  private static PublicKey readPublicKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the PEM public key file " + file, e);
    }
    if (pem.contains(BEGIN + "CERTIFICATE-----")) {
      try {
        return CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getPublicKey();
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(file + ": cannot read the certificate: " + e.getMessage(), e);
      }
    }
    int begin = pem.indexOf(PUBLIC_KEY_BEGIN);
    int end = pem.indexOf(PUBLIC_KEY_END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(file + " holds no '" + PUBLIC_KEY_BEGIN + "' block or certificate "
          + "(a PKCS#1 'RSA PUBLIC KEY' converts with: openssl rsa -RSAPublicKey_in -in k.pem -pubout)");
    }
    X509EncodedKeySpec spec;
    try {
      spec = new X509EncodedKeySpec(Base64.getMimeDecoder().decode(pem.substring(begin + PUBLIC_KEY_BEGIN.length(), end)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": the public key is not valid base64", e);
    }
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(spec);
      } catch (GeneralSecurityException notThisKind) {
        // try the next kind
      }
    }
    throw new IllegalArgumentException(file + " holds a public key that is neither RSA nor EC");
  }
}
