package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodeMail;
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
 * store) and sends one mail of the asked {@link CodeMail} kind: the code, or (for an address that
 * has an account, or has none) a notice without it. Thread-safe; blocks on the store and the mail
 * sender.
 */
public final class VerificationService implements CodeIssuer {
  /** The subject of every verification mail. */
  public static final String SUBJECT = "Your Parley verification code";
  /** The subject of the notices that carry no code ({@link CodeMail#ACCOUNT_EXISTS}, {@link CodeMail#NO_ACCOUNT}). */
  public static final String NOTICE_SUBJECT = "About your Parley account";

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
   * Makes a code for (email, purpose) and stores it, then mails it ({@link CodeMail#CODE}) or a
   * notice without it. Notices store a code too, one nobody is told, so that the store's issue rate
   * limit answers every kind alike.
   *
   * @throws ChatException {@code INVALID_EMAIL}; {@code BAD_REQUEST} without a purpose or kind;
   *     {@code RATE_LIMITED} (from the store) when asked again too soon; {@code UNAVAILABLE} when
   *     the mail could not be sent
   */
  @Override
  public void issue(String email, CodePurpose purpose, CodeMail kind) {
    String normalized = Validation.email(email);
    if (purpose == null || kind == null) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "purpose (REGISTER or RESET_PASSWORD) and mail kind are required");
    }
    String code = String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000));
    codes.store(normalized, purpose, code);
    send(switch (kind) {
      case CODE -> new Mail(normalized, SUBJECT, body(code, purpose));
      case ACCOUNT_EXISTS -> new Mail(normalized, NOTICE_SUBJECT, ACCOUNT_EXISTS_BODY);
      case NO_ACCOUNT -> new Mail(normalized, NOTICE_SUBJECT, NO_ACCOUNT_BODY);
    });
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

  private static final String ACCOUNT_EXISTS_BODY = "Hello,\n\n"
      + "Someone asked to create a Parley account with this address, but it already has one.\n\n"
      + "If you forgot your password, ask for a password reset code (purpose RESET_PASSWORD) and\n"
      + "set a new password with it. If you did not ask for anything, ignore this mail.\n";
  private static final String NO_ACCOUNT_BODY = "Hello,\n\n"
      + "Someone asked to reset the Parley password of this address, but no Parley account uses it.\n\n"
      + "To create one, ask for a registration code (purpose REGISTER). If you did not ask for\n"
      + "anything, ignore this mail.\n";

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
