package dev.parley.core.service;

import dev.parley.core.model.CodePurpose;
import dev.parley.core.spi.MailSender;
import dev.parley.core.spi.VerificationCodes;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The verify role: makes a 6-digit code with {@link SecureRandom}, stores it (rate-limited by the
 * store) and mails it. Thread-safe; blocks on the store and the mail sender.
 */
public final class VerificationService implements CodeIssuer {
  private final VerificationCodes codes;
  private final MailSender mail;
  private final SecureRandom random = new SecureRandom();

  public VerificationService(VerificationCodes codes, MailSender mail) {
    this.codes = Objects.requireNonNull(codes, "codes");
    this.mail = Objects.requireNonNull(mail, "mail");
  }

  @Override
  public void issue(String email, CodePurpose purpose) {
    throw new UnsupportedOperationException("services issue");
  }
}
