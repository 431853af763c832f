package dev.parley.examples.readme;

import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ChatTransport;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Logs in at a gate over HTTPS, trusting the certificate authority in a PEM file, and opens the
 * chat session over TLS: on the node's TCP port, or with {@code websocket} through its
 * {@code wss://} endpoint. Usage: {@code SecureClient https://chat.example.com ca.pem email password [websocket]}.
 */
public final class SecureClient {
  private SecureClient() {}

  public static void main(String[] args) throws Exception {
    boolean webSocket = args.length > 4 && args[4].equals("websocket");
    try (ParleyClient client = ParleyClient.builder()
        .gateUrl(URI.create(args[0]))                          // https://: the gate over TLS
        .trustedCertificates(Path.of(args[1]))                 // default: the JVM's trust store
        // .clientCertificate(Path.of("me.pem"), Path.of("me-key.pem"))   when the servers ask (mutual TLS)
        .transport(webSocket ? ChatTransport.WEBSOCKET : ChatTransport.TCP)
        .build()) {
      LoginResult login = client.login(args[2], args[3]);
      System.out.println("chat node " + login.chat());       // "host:port (tls)": the gate says TLS, the SDK obeys
      ChatSession session = client.openSession(login, new ChatListener() { });
      Duration roundTrip = session.pingAsync().get();
      System.out.println("logged in as user " + session.userId() + ", ping " + roundTrip.toMillis() + " ms");
      session.close();
    }
  }
}
