package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.Mail;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.MailSender;
import dev.parley.core.spi.VerificationCodes;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;

/**
 * The verify role: makes a 6-digit code with {@link SecureRandom}, stores it (rate-limited by the
 * store) and mails it. Thread-safe; blocks on the store and the mail sender.
 */
public final class VerificationService implements CodeIssuer {
  /** The subject of every verification mail. */
  public static final String SUBJECT = "Your Parley verification code";

  private final VerificationCodes codes;
  private final MailSender mail;
  private final SecureRandom random;

  public VerificationService(VerificationCodes codes, MailSender mail) {
    this(codes, mail, new SecureRandom());
  }

  /** For tests that need to know the code in advance. */
  VerificationService(VerificationCodes codes, MailSender mail, SecureRandom random) {
    this.codes = Objects.requireNonNull(codes, "codes");
    this.mail = Objects.requireNonNull(mail, "mail");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Makes a code for (email, purpose), stores it and mails it.
   *
   * @throws ChatException {@code INVALID_EMAIL}; {@code BAD_REQUEST} without a purpose;
   *     {@code RATE_LIMITED} (from the store) when asked again too soon; {@code UNAVAILABLE} when
   *     the mail could not be sent
   */
  @Override
  public void issue(String email, CodePurpose purpose) {
    String normalized = Validation.email(email);
    if (purpose == null) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "purpose is required (REGISTER or RESET_PASSWORD)");
    }
    String code = String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000));
    codes.store(normalized, purpose, code);
    send(new Mail(normalized, SUBJECT, body(code, purpose)));
  }

  private void send(Mail message) {
    try {
      mail.send(message);
    } catch (ChatException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ChatException(ErrorCode.UNAVAILABLE, "could not send the verification mail", e);
    }
  }

  // The code stands alone on its line and is the only number in the text, so people and tests find it.
  private static String body(String code, CodePurpose purpose) {
    String action = switch (purpose) {
      case REGISTER -> "create your Parley account";
      case RESET_PASSWORD -> "reset your Parley password";
    };
    return "Hello,\n\n"
        + "Use this verification code to " + action + ":\n\n"
        + "    " + code + "\n\n"
        + "The code works once and expires soon. If you did not ask for it, ignore this mail.\n";
  }
}
