package dev.parley.server;

import dev.parley.core.model.Mail;
import dev.parley.core.spi.MailSender;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@link MailSender} that keeps every mail so tests can read the codes. Thread-safe. */
public final class RecordingMailSender implements MailSender {
  private static final Pattern CODE = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)");

  private final List<Mail> sent = new ArrayList<>();

  @Override
  public synchronized void send(Mail mail) {
    sent.add(mail);
  }

  public synchronized List<Mail> sentTo(String email) {
    return sent.stream().filter(m -> m.to().equals(email)).toList();
  }

  /** The code in the newest mail to {@code email}; fails the test when there is none. */
  public synchronized String lastCodeFor(String email) {
    List<Mail> mails = sentTo(email);
    if (mails.isEmpty()) {
      throw new AssertionError("no mail was sent to " + email + "; sent: " + sent);
    }
    return codeIn(mails.get(mails.size() - 1).body());
  }

  /** The one 6-digit number in {@code body}. */
  public static String codeIn(String body) {
    Matcher m = CODE.matcher(body);
    if (!m.find()) {
      throw new AssertionError("no 6-digit code in mail body: " + body);
    }
    return m.group();
  }
}
