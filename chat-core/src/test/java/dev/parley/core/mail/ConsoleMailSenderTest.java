package dev.parley.core.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Mail;
import dev.parley.core.spi.MailSender;
import dev.parley.core.spi.contract.MailSenderContract;
import dev.parley.core.testing.Concurrently;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console sink passes the mail contract; "delivered" is what it printed, parsed back. */
class ConsoleMailSenderTest extends MailSenderContract {
  private static final Pattern MAIL = Pattern.compile(
      "---- mail ----\\R+To: (.*)\\R+Subject: (.*)\\R\\R([\\s\\S]*?)\\R---- end of mail ----");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  @Override
  protected MailSender newSender() {
    return new ConsoleMailSender(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  @Override
  protected List<Mail> delivered() {
    List<Mail> mails = new ArrayList<>();
    Matcher m = MAIL.matcher(printed());
    while (m.find()) {
      mails.add(new Mail(m.group(1), m.group(2), m.group(3)));
    }
    return mails;
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsRecipientSubjectAndBodyAsLines() {
    newSender().send(new Mail("ann@parley.test", "Your code", "Code: 123456 👋🏽"));
    assertThat(printed()).contains("To: ann@parley.test", "Subject: Your code", "Code: 123456 👋🏽");
  }

  @Test
  void twoHundredConcurrentMailsAreNotInterleaved() {
    MailSender sender = newSender();
    Concurrently.call(8, t -> {
      for (int i = 0; i < 25; i++) {
        String id = t + "-" + i;
        sender.send(new Mail(id + "@parley.test", "subject " + id, "body " + id));
      }
      return null;
    });
    List<Mail> mails = delivered();
    assertThat(mails).hasSize(200);
    for (Mail m : mails) {
      String id = m.to().substring(0, m.to().indexOf('@'));
      assertThat(m.subject()).isEqualTo("subject " + id);
      assertThat(m.body()).isEqualTo("body " + id);
    }
  }
}
