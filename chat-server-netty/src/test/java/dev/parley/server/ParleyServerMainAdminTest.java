package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's admin flags: off by default, on with a port and a secret file, refused when incomplete. */
class ParleyServerMainAdminTest {
  @TempDir Path dir;

  @Test
  void theAdminApiServesWithTheSecretFromTheFileAndIsOffWithoutAPort() throws Exception {
    String secret = "file-secret-" + UUID.randomUUID();
    Path file = Files.writeString(dir.resolve("admin.secret"), secret + "\n");
    ParleyServer server = ParleyServerMain.parse(new String[] {"--gate-port", "0", "--chat-port", "0",
        "--warm-up-ms", "0", "--admin-port", "0", "--admin-secret-file", file.toString(), "--admin-principal", "ops"})
        .build().start();
    try {
      AdminHttp http = new AdminHttp(server.adminPort(), secret);
      assertThat(http.get("/api/v1/admin/users/ext:nobody").status()).isEqualTo(404);
      assertThat(http.withSecret("wrong-" + secret).get("/api/v1/admin/users/ext:nobody").status()).isEqualTo(401);
    } finally {
      server.stop();
    }
    ParleyServer plain = ParleyServerMain.parse(new String[] {"--gate-port", "0", "--chat-port", "0",
        "--warm-up-ms", "0"}).build().start();
    try {
      assertThatThrownBy(plain::adminPort).isInstanceOf(IllegalStateException.class);
    } finally {
      plain.stop();
    }
  }

  @Test
  void incompleteAdminFlagsAreRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("s"), "x".repeat(40));
    Path shortSecret = Files.writeString(dir.resolve("short"), "tooshort");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--admin-port", "0"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--admin-secret-file");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--admin-secret-file", file.toString()}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--admin-port");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--admin-port", "0", "--admin-secret-file",
        shortSecret.toString()})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--admin-port", "0", "--admin-tls-cert", "c.pem"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("go together");
  }
}
