package dev.parley.sdk.e2e;

import static org.awaitility.Awaitility.await;

import dev.parley.core.model.Mail;
import dev.parley.core.spi.MailSender;
import dev.parley.sdk.testing.RecordingListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@link MailSender} that keeps every mail so tests can read the verification codes. Thread-safe. */
final class MailTrap implements MailSender {
  private static final Pattern CODE = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)");

  private final List<Mail> sent = new CopyOnWriteArrayList<>();

  @Override
  public void send(Mail mail) {
    sent.add(mail);
  }

  /** The code in the first mail to {@code email}, waiting for it to arrive. */
  String codeFor(String email) {
    return codeFor(email, 1);
  }

  /** The code in the {@code n}th mail (from 1) to {@code email}, waiting for it to arrive. */
  String codeFor(String email, int n) {
    await().atMost(RecordingListener.WAIT).until(() -> mailsTo(email).size() >= n);
    Mail mail = mailsTo(email).get(n - 1);
    Matcher m = CODE.matcher(mail.body());
    if (!m.find()) {
      throw new AssertionError("no 6-digit code in the mail to " + email + ": " + mail);
    }
    return m.group();
  }

  private List<Mail> mailsTo(String email) {
    return sent.stream().filter(m -> m.to().equals(email)).toList();
  }
}
