package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.server.ParleyServer;
import dev.parley.server.identity.JwtSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ParleyClient#connectWithToken} against a real server that accepts the host's HS256 JWTs. */
class ConnectWithTokenTest {
  private static final byte[] SECRET = "the-host-apps-shared-secret-for-hs256!".getBytes(StandardCharsets.UTF_8);
  private final ParleyServer server = ParleyServer.builder().passwordHasher(Argon2PasswordHasher.forTesting())
      .jwt(JwtSettings.builder().hs256Secret(SECRET).issuer("https://host.example").audience("parley").build())
      .build().start();

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void aHostTokenConnectsAndTheSameHostUserIsTheSameAccount() throws Exception {
    String sub = "host-" + UUID.randomUUID();
    String name = "kim" + UUID.randomUUID().toString().substring(0, 8);
    try (ParleyClient client = ParleyClient.builder().gateUrl(java.net.URI.create(server.gateUrl())).build()) {
      ChatSession session = client.connectWithToken(mint(sub, name), new RecordingListener());
      assertThat(session.state()).isEqualTo(ConnectionState.CONNECTED);
      assertThat(session.profile().name()).isEqualTo(name);
      long userId = session.userId();
      session.close();

      ChatSession again = client.connectWithTokenAsync(mint(sub, "ignored"), new RecordingListener())
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(again.userId()).isEqualTo(userId);
      assertThat(again.pingAsync().get(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void aTokenTheServerDoesNotAcceptIsInvalidCredentials() {
    try (ParleyClient client = ParleyClient.builder().gateUrl(java.net.URI.create(server.gateUrl())).build()) {
      assertThatThrownBy(() -> client.connectWithToken("not-a-jwt", new RecordingListener()))
          .isInstanceOfSatisfying(ChatException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS));
    }
  }

  private static String mint(String sub, String username) throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
        new JWTClaimsSet.Builder().issuer("https://host.example").audience("parley").subject(sub)
            .claim("preferred_username", username).expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).build());
    jwt.sign(new MACSigner(SECRET));
    return jwt.serialize();
  }
}
