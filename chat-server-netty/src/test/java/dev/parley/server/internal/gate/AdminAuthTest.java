package dev.parley.server.internal.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.server.AdminApiSettings;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin API's authentication: the matching secret's principal, one refusal for every failure, no early exit. */
class AdminAuthTest {
  private static final String OPS = "ops-secret-0123456789-0123456789-ab";
  private static final String CRM = "crm-secret-0123456789-0123456789-cd";

  private final AdminAuth auth = new AdminAuth(AdminApiSettings.builder().bearer("ops", OPS).bearer("crm", CRM).build());

  private static GateRequest with(String authorization, String subject) {
    HttpHeaders headers = new DefaultHttpHeaders();
    if (authorization != null) {
      headers.set("Authorization", authorization);
    }
    return new GateRequest(HttpMethod.GET, "/x", HttpVersion.HTTP_1_1, headers, new byte[0], "127.0.0.1", true, 0,
        null, "/x", Map.of(), subject);
  }

  @Test
  void eachSecretNamesItsPrincipal() {
    assertThat(auth.authenticate(with("Bearer " + OPS, null))).isEqualTo("ops");
    assertThat(auth.authenticate(with("bearer  " + CRM + " ", null))).isEqualTo("crm");
    assertThat(auth.authenticate(with("Bearer " + CRM, "CN=app"))).isEqualTo("crm (CN=app)");
  }

  @Test
  void everyFailureIsTheSameRefusal() {
    for (String header : new String[] {null, "", "Bearer", "Bearer ", "Basic " + OPS, OPS, "Bearer " + OPS + "x",
        "Bearer " + OPS.substring(1), "Bearer " + OPS.toUpperCase()}) {
      assertThatThrownBy(() -> auth.authenticate(with(header, null))).as(String.valueOf(header))
          .isInstanceOfSatisfying(ChatException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(e.detail()).isEqualTo(AdminAuth.REFUSAL);
          });
    }
  }

  @Test
  void settingsRefuseShortSecretsAndNoAuthentication() {
    assertThatThrownBy(() -> AdminApiSettings.builder().bearer("ops", "short")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> AdminApiSettings.builder().port(0).build()).isInstanceOf(IllegalStateException.class);
  }
}
