package dev.parley.examples;

import static org.awaitility.Awaitility.await;

import dev.parley.core.model.Mail;
import dev.parley.core.spi.MailSender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@link MailSender} keeping every mail, so tests can read the verification codes. Thread-safe. */
public final class MailTrap implements MailSender {
  private static final Pattern CODE = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)");
  private final List<Mail> sent = new CopyOnWriteArrayList<>();

  @Override
  public void send(Mail mail) {
    sent.add(mail);
  }

  /** The code in the newest mail to {@code email}, waiting up to 10 s for one to arrive. */
  public String codeFor(String email) {
    await().atMost(Duration.ofSeconds(10)).until(() -> sent.stream().anyMatch(m -> m.to().equals(email)));
    Mail last = sent.stream().filter(m -> m.to().equals(email)).reduce((a, b) -> b).orElseThrow();
    Matcher m = CODE.matcher(last.body());
    if (!m.find()) {
      throw new AssertionError("no code in the mail to " + email + ": " + last.body());
    }
    return m.group();
  }

  /** How many mails went to {@code email}. */
  public long sentTo(String email) {
    return sent.stream().filter(m -> m.to().equals(email)).count();
  }
}
