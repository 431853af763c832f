package dev.parley.examples.readme;

import dev.parley.server.ParleyServer;
import dev.parley.server.identity.JwtSettings;
import java.nio.file.Path;

/** Parley signing in the host application's own users with the JWTs its app server mints. */
public final class HostIdentity {
  private HostIdentity() {}

  public static void main(String[] args) throws InterruptedException {
    ParleyServer server = start(Path.of(args.length > 0 ? args[0] : "/etc/parley/jwt.secret"), 8080, 9000);
    System.out.println("gate " + server.gateUrl() + " takes POST /api/v1/sessions {\"jwt\": \"...\"}");
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    Thread.currentThread().join();
  }

  /** All roles, signing in only the host's users; port 0 picks a free port. */
  public static ParleyServer start(Path jwtSecretFile, int gatePort, int chatPort) {
    return ParleyServer.builder().gatePort(gatePort).chatPort(chatPort)
        .jwt(JwtSettings.builder()
            .hs256SecretFile(jwtSecretFile)         // or .publicKeyPem(file) / .jwksFile(file)
            .issuer("https://app.example").audience("parley")
            .build())
        .jwtLoginAtNode(true)      // also accept the JWT directly in the chat node's Login
        .passwordAccounts(false)   // only your users: no Parley sign-up, codes, password login or reset
        .build().start();
  }
}
