package dev.parley.examples.readme;

import dev.parley.core.spi.MailSender;
import dev.parley.server.ParleyServer;
import dev.parley.server.mail.SmtpMailSender;

/** Every role (gate, chat node, status, verify) in this JVM, in-memory stores, mails through SMTP. */
public final class EmbeddedServer {
  private EmbeddedServer() {}

  public static void main(String[] args) throws InterruptedException {
    MailSender smtp = SmtpMailSender.builder()
        .host(System.getenv().getOrDefault("SMTP_HOST", "smtp.example.com"))
        .port(587).security(SmtpMailSender.Security.STARTTLS)        // or TLS (465), NONE (25)
        .username(System.getenv().getOrDefault("SMTP_USER", "parley"))
        .password(System.getenv().getOrDefault("SMTP_PASSWORD", ""))
        .from("Parley <no-reply@example.com>")
        .build();
    ParleyServer server = start(8080, 9000, smtp);
    System.out.println("gate " + server.gateUrl() + ", chat " + server.chatAddress());
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));  // Ctrl-C closes sessions cleanly
    Thread.currentThread().join();
  }

  /** Starts all roles; port 0 picks a free port (read it back with gateUrl() / chatAddress()). */
  public static ParleyServer start(int gatePort, int chatPort, MailSender mail) {
    return ParleyServer.builder()
        .gatePort(gatePort).chatPort(chatPort)
        .mailSender(mail)                          // default: ConsoleMailSender, which prints each mail
        .build().start();                          // server.meterRegistry() holds the parley_* meters
  }
}
