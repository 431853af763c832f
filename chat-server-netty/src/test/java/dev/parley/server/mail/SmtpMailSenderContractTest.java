package dev.parley.server.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.parley.core.model.Mail;
import dev.parley.core.spi.MailSender;
import dev.parley.core.spi.contract.MailSenderContract;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** {@link SmtpMailSender} passes the chat-core mail contract against a real SMTP server (GreenMail). */
class SmtpMailSenderContractTest extends MailSenderContract {
  private GreenMail greenMail;

  @Override
  protected MailSender newSender() {
    greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort()).withConfiguration(GreenMailConfiguration.aConfig());
    greenMail.start();
    return SmtpMailSender.builder().host("127.0.0.1").port(greenMail.getSmtp().getPort())
        .security(SmtpMailSender.Security.NONE).from("Parley <no-reply@parley.test>")
        .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).build();
  }

  /** SMTP hands a mail over before {@code send} returns, so what GreenMail holds is complete. */
  @Override
  protected List<Mail> delivered() {
    List<Mail> mails = new ArrayList<>();
    try {
      for (MimeMessage m : greenMail.getReceivedMessages()) {
        String body = ((String) m.getContent()).replace("\r\n", "\n");
        mails.add(new Mail(m.getAllRecipients()[0].toString(), m.getSubject(), body));
      }
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return mails;
  }

  @AfterEach
  void stop() {
    greenMail.stop();
  }
}
