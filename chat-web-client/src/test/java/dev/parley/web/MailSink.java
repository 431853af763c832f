package dev.parley.web;

import dev.parley.core.model.Mail;
import dev.parley.core.spi.MailSender;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@link MailSender} that keeps every mail so a test can read the codes the page asked for. Thread-safe. */
final class MailSink implements MailSender {
  private static final Pattern CODE = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)");

  private final List<Mail> sent = new ArrayList<>();

  @Override
  public synchronized void send(Mail mail) {
    sent.add(mail);
  }

  /** How many mails went to {@code email}. */
  synchronized int countTo(String email) {
    return (int) sent.stream().filter(m -> m.to().equals(email)).count();
  }

  /** The 6-digit code of the newest mail to {@code email}, if one came. */
  synchronized Optional<String> lastCodeFor(String email) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      Mail m = sent.get(i);
      if (m.to().equals(email)) {
        Matcher matcher = CODE.matcher(m.body());
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
      }
    }
    return Optional.empty();
  }
}
