package dev.parley.core.spi;

import dev.parley.core.model.Mail;

/** Sends one mail. Implementations are thread-safe and may block. */
public interface MailSender {
  /** @throws dev.parley.core.ChatException {@code UNAVAILABLE} when the mail could not be handed over */
  void send(Mail mail);
}
