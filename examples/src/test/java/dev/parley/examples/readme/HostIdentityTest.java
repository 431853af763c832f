package dev.parley.examples.readme;

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
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ParleyClient;
import dev.parley.server.ParleyServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's identity example: a host JWT signs its user in (once provisioned, then found); password logins are off. */
class HostIdentityTest {
  private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!!";

  @Test
  void signsTheHostsUsersInWithTheirJwtsOnly(@TempDir Path dir) throws Exception {
    Path secretFile = dir.resolve("jwt.secret");
    Files.writeString(secretFile, SECRET + "\n");
    ParleyServer server = HostIdentity.start(secretFile, 0, 0);
    try (ParleyClient client = ParleyClient.builder().gateUrl(URI.create(server.gateUrl())).build()) {
      ChatSession kim = client.connectWithToken(jwt("crm-7781", "kim"), new ChatListener() { });
      long kimId = kim.userId();
      kim.close();
      assertThat(client.loginWithToken(jwt("crm-7781", "kim")).userId()).isEqualTo(kimId);
      assertThatThrownBy(() -> client.login("kim@example.com", "a long password"))
          .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    } finally {
      server.stop();
    }
  }

  private static String jwt(String hostUserId, String name) throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
        new JWTClaimsSet.Builder().issuer("https://app.example").audience("parley").subject(hostUserId)
            .claim("preferred_username", name).issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).build());
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
