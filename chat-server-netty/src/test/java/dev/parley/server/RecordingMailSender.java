package dev.parley.server;

import dev.parley.core.model.Mail;
import dev.parley.core.spi.MailSender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/** Keeps every mail sent; tests read verification codes from it. Thread-safe. */
final class RecordingMailSender implements MailSender {
  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
  private final List<Mail> mails = new CopyOnWriteArrayList<>();

  @Override
  public void send(Mail mail) {
    mails.add(mail);
  }

  /** The code in the newest mail to {@code email}, waiting a little for it to arrive. */
  String awaitCode(String email) {
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> mails.stream().anyMatch(m -> m.to().equals(email)));
    Mail last = mails.stream().filter(m -> m.to().equals(email)).reduce((x, y) -> y).orElseThrow();
    Matcher m = CODE.matcher(last.body());
    if (!m.find()) {
      throw new AssertionError("no 6-digit code in mail: " + last.body());
    }
    return m.group(1);
  }
}
