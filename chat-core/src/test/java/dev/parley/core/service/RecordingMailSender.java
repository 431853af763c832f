package dev.parley.core.service;

import dev.parley.core.model.Mail;
import dev.parley.core.spi.MailSender;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@link MailSender} that keeps every mail; tests read the verification codes from it. Thread-safe. */
final class RecordingMailSender implements MailSender {
  private static final Pattern CODE = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)");

  private final List<Mail> sent = new ArrayList<>();

  @Override
  public synchronized void send(Mail mail) {
    sent.add(mail);
  }

  synchronized List<Mail> sent() {
    return List.copyOf(sent);
  }

  synchronized List<Mail> sentTo(String email) {
    return sent.stream().filter(m -> m.to().equals(email)).toList();
  }

  /** The code in the newest mail to {@code email}; fails when there is none or it holds no 6-digit code. */
  synchronized String lastCodeFor(String email) {
    List<Mail> mails = sentTo(email);
    if (mails.isEmpty()) {
      throw new AssertionError("no mail was sent to " + email + "; sent: " + sent);
    }
    return codeIn(mails.get(mails.size() - 1).body());
  }

  static String codeIn(String body) {
    Matcher m = CODE.matcher(body);
    if (!m.find()) {
      throw new AssertionError("no 6-digit code in mail body: " + body);
    }
    String code = m.group();
    if (m.find()) {
      throw new AssertionError("more than one 6-digit number in mail body: " + body);
    }
    return code;
  }
}
