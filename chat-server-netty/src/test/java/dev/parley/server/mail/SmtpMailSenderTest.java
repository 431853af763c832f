package dev.parley.server.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Mail;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SmtpMailSender} against a real SMTP server (GreenMail on a free loopback port). */
class SmtpMailSenderTest {
  private static final String FROM = "Parley <no-reply@parley.test>";
  private static final Mail MAIL = new Mail("ada@example.com", "Your Parley verification code – héllo",
      "Hello,\n\n    123456\n\nCheers ✓\n");

  private GreenMail greenMail;

  @AfterEach
  void stop() {
    if (greenMail != null) {
      greenMail.stop();
    }
  }

  private int start(ServerSetup setup, GreenMailConfiguration config) {
    ServerSetup dynamic = setup.dynamicPort();
    // GreenMail's default 2 s start-up wait is too short on a loaded 2-core machine
    dynamic.setServerStartupTimeout(15_000);
    greenMail = new GreenMail(dynamic).withConfiguration(config);
    greenMail.start();
    return setup.isSecure() ? greenMail.getSmtps().getPort() : greenMail.getSmtp().getPort();
  }

  private static SmtpMailSender.Builder plain(int port) {
    return SmtpMailSender.builder().host("127.0.0.1").port(port).security(SmtpMailSender.Security.NONE).from(FROM)
        .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5));
  }

  private MimeMessage onlyReceived() {
    assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  @Test
  void theMailArrivesWithSubjectBodyFromAndTo() throws Exception {
    int port = start(ServerSetupTest.SMTP, GreenMailConfiguration.aConfig());

    plain(port).build().send(MAIL);

    MimeMessage received = onlyReceived();
    assertThat(received.getSubject()).isEqualTo(MAIL.subject());
    // SMTP may drop the final line break; the text itself arrives intact
    assertThat(((String) received.getContent()).replace("\r\n", "\n").stripTrailing()).isEqualTo(MAIL.body().stripTrailing());
    assertThat(received.getFrom()).containsExactly(new InternetAddress(FROM));
    assertThat(received.getAllRecipients()).containsExactly(new InternetAddress("ada@example.com"));
    assertThat(received.getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("utf-8");
  }

  @Test
  void authenticationWithTheRightPasswordDelivers() throws Exception {
    int port = start(ServerSetupTest.SMTP, GreenMailConfiguration.aConfig().withUser("parley@parley.test", "parley", "s3cret"));

    plain(port).username("parley").password("s3cret").build().send(MAIL);

    assertThat(onlyReceived().getSubject()).isEqualTo(MAIL.subject());
  }

  @Test
  void aWrongPasswordIsUnavailable() {
    int port = start(ServerSetupTest.SMTP, GreenMailConfiguration.aConfig().withUser("parley@parley.test", "parley", "s3cret"));
    SmtpMailSender sender = plain(port).username("parley").password("wrong").build();

    assertThatThrownBy(() -> sender.send(MAIL)).isInstanceOfSatisfying(ChatException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.detail()).contains("127.0.0.1:" + port).doesNotContain("wrong");
    });
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void implicitTlsDelivers() throws Exception {
    int port = start(ServerSetupTest.SMTPS, GreenMailConfiguration.aConfig());
    // GreenMail's certificate is self-signed and names no host.
    SmtpMailSender sender = plain(port).security(SmtpMailSender.Security.TLS)
        .trustedHosts("127.0.0.1").checkServerIdentity(false).build();

    sender.send(MAIL);

    assertThat(onlyReceived().getSubject()).isEqualTo(MAIL.subject());
  }

  @Test
  void startTlsNeverFallsBackToPlainText() {
    // GreenMail's SMTP does not offer STARTTLS: the mail must not go out unencrypted.
    int port = start(ServerSetupTest.SMTP, GreenMailConfiguration.aConfig());
    SmtpMailSender sender = plain(port).security(SmtpMailSender.Security.STARTTLS)
        .trustedHosts("127.0.0.1").checkServerIdentity(false).build();

    assertThatThrownBy(() -> sender.send(MAIL)).isInstanceOfSatisfying(ChatException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.detail()).contains("STARTTLS");
    });
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void tlsRefusesAnUntrustedCertificate() {
    int port = start(ServerSetupTest.SMTPS, GreenMailConfiguration.aConfig());
    SmtpMailSender sender = plain(port).security(SmtpMailSender.Security.TLS).build();

    assertThatThrownBy(() -> sender.send(MAIL)).isInstanceOfSatisfying(ChatException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void anUnreachableServerIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    SmtpMailSender sender = plain(closedPort).build();
    assertThatThrownBy(() -> sender.send(MAIL)).isInstanceOfSatisfying(ChatException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.detail()).contains("127.0.0.1:" + closedPort).contains("ada@example.com");
    });
  }

  @Test
  void aRecipientThatIsNotAnAddressIsInvalidEmail() {
    int port = start(ServerSetupTest.SMTP, GreenMailConfiguration.aConfig());
    SmtpMailSender sender = plain(port).build();
    assertThatThrownBy(() -> sender.send(new Mail("not an address", "s", "b")))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EMAIL));
  }

  @Test
  void theBuilderChecksItsConfiguration() {
    assertThatThrownBy(() -> SmtpMailSender.builder().host("h").build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SmtpMailSender.builder().host("h").from("not an address").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmtpMailSender.builder().host("h").from(FROM).username("u").build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SmtpMailSender.builder().port(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
