package dev.parley.core.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Mail;
import dev.parley.core.testing.Concurrently;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConsoleMailSenderTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ConsoleMailSender sender = new ConsoleMailSender(new PrintStream(bytes, true, StandardCharsets.UTF_8));

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsRecipientSubjectAndBody() {
    sender.send(new Mail("ann@parley.test", "Your code", "Code: 123456 👋🏽"));
    assertThat(printed()).contains("To: ann@parley.test", "Subject: Your code", "Code: 123456 👋🏽");
  }

  @Test
  void concurrentMailsAreNotInterleaved() {
    Concurrently.call(8, t -> {
      for (int i = 0; i < 25; i++) {
        String id = t + "-" + i;
        sender.send(new Mail(id + "@parley.test", "subject " + id, "body " + id));
      }
      return null;
    });

    Matcher m = Pattern.compile("To: (\\S+)@parley\\.test\\R+Subject: subject (\\S+)\\R+body (\\S+)\\R").matcher(printed());
    int mails = 0;
    while (m.find()) {
      assertThat(List.of(m.group(2), m.group(3))).containsOnly(m.group(1));
      mails++;
    }
    assertThat(mails).isEqualTo(200);
  }
}
