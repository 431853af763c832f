package dev.parley.core.mail;

import dev.parley.core.model.Mail;
import dev.parley.core.spi.MailSender;
import java.io.PrintStream;
import java.util.Objects;

/**
 * A {@link MailSender} that prints each mail (recipient, subject, body) to a stream instead of
 * sending it: the default of the embedded server, where a developer reads verification codes off
 * the console. Thread-safe: mails are written whole, one at a time, never interleaved.
 */
public final class ConsoleMailSender implements MailSender {
  private final PrintStream out;

  /** Prints to {@link System#out}. */
  public ConsoleMailSender() {
    this(System.out);
  }

  /** Prints to {@code out}; the stream stays owned by the caller. */
  public ConsoleMailSender(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void send(Mail mail) {
    Objects.requireNonNull(mail, "mail");
    synchronized (out) {
      out.println("---- mail ----");
      out.println("To: " + mail.to());
      out.println("Subject: " + mail.subject());
      out.println();
      out.println(mail.body());
      out.println("---- end of mail ----");
      out.flush();
    }
  }
}
