package dev.parley.sdk.e2e;

import static org.awaitility.Awaitility.await;

import dev.parley.core.model.Mail;
import dev.parley.core.spi.MailSender;
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

  /** The code in the newest mail to {@code email}, waiting for it to arrive. */
  String codeFor(String email) {
    await().atMost(RecordingListener.WAIT).until(() -> sent.stream().anyMatch(m -> m.to().equals(email)));
    List<Mail> mails = sent.stream().filter(m -> m.to().equals(email)).toList();
    Matcher m = CODE.matcher(mails.get(mails.size() - 1).body());
    if (!m.find()) {
      throw new AssertionError("no 6-digit code in the mail to " + email + ": " + mails.get(mails.size() - 1));
    }
    return m.group();
  }
}
