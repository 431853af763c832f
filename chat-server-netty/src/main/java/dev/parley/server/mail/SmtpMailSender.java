package dev.parley.server.mail;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Mail;
import dev.parley.core.spi.MailSender;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;

/**
 * A {@link MailSender} that hands each mail to an SMTP server (Jakarta Mail, Eclipse Angus):
 * plain, STARTTLS or implicit TLS, with optional authentication and bounded connect and read
 * timeouts so a slow server cannot hold a verify thread forever.
 *
 * <pre>{@code
 * MailSender smtp = SmtpMailSender.builder().host("smtp.example.com").port(587)
 *     .security(SmtpMailSender.Security.STARTTLS).username("parley").password(secret)
 *     .from("Parley <no-reply@example.com>").build();
 * }</pre>
 *
 * <p>Thread-safe: each {@link #send} opens its own SMTP connection from a shared, immutable session.
 */
public final class SmtpMailSender implements MailSender {
  /** How the connection to the SMTP server is secured. */
  public enum Security {
    /** Plain text; only for a relay on the same host or a test server. */
    NONE,
    /** Connect in plain text, then upgrade with STARTTLS; refuse a server that cannot. Port 587. */
    STARTTLS,
    /** TLS from the first byte ("SMTPS"). Port 465. */
    TLS
  }

  private final String host;
  private final int port;
  private final String username;
  private final String password;
  private final InternetAddress from;
  private final Session session;

  private SmtpMailSender(Builder b, InternetAddress from) {
    this.host = b.host;
    this.port = b.port > 0 ? b.port : defaultPort(b.security);
    this.username = b.username;
    this.password = b.password;
    this.from = from;
    this.session = Session.getInstance(SmtpSessionProperties.of(host, port, b.security, username != null,
        b.connectTimeout, b.readTimeout, b.trustedHosts, b.checkServerIdentity));
  }

  /** A builder with the defaults (STARTTLS, 10 s timeouts); host and from are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code mail} as UTF-8 plain text.
   *
   * @throws ChatException {@code INVALID_EMAIL} when the recipient is not an address,
   *     {@code UNAVAILABLE} when the server cannot be reached or refuses the mail
   */
  @Override
  public void send(Mail mail) {
    Objects.requireNonNull(mail, "mail");
    InternetAddress to = recipient(mail.to());
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(from);
      message.setRecipient(Message.RecipientType.TO, to);
      message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
      message.setText(mail.body(), StandardCharsets.UTF_8.name());
      message.setSentDate(new Date());
      if (username != null) {
        Transport.send(message, username, password);
      } else {
        Transport.send(message);
      }
    } catch (MessagingException e) {
      throw new ChatException(ErrorCode.UNAVAILABLE,
          "SMTP server " + host + ":" + port + " did not take the mail to " + mail.to() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SmtpMailSender[" + host + ":" + port + ", from=" + from + "]";
  }

  private static InternetAddress recipient(String to) {
    try {
      return new InternetAddress(to, true);
    } catch (AddressException e) {
      throw new ChatException(ErrorCode.INVALID_EMAIL, "not a mail address: '" + to + "'");
    }
  }

  private static int defaultPort(Security security) {
    return switch (security) {
      case NONE -> 25;
      case STARTTLS -> 587;
      case TLS -> 465;
    };
  }

  /** Builds an {@link SmtpMailSender}. Not thread-safe; {@code host} and {@code from} are required. */
  public static final class Builder {
    private String host;
    private int port;
    private String username;
    private String password;
    private Security security = Security.STARTTLS;
    private String from;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(10);
    private String trustedHosts;
    private boolean checkServerIdentity = true;

    private Builder() {}

    /** Required: the SMTP server's host name (checked against its certificate under TLS). */
    public Builder host(String host) {
      this.host = requireText("host", host);
      return this;
    }

    /** The SMTP port; default by security: 25 (NONE), 587 (STARTTLS), 465 (TLS). */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Log in with this user (and {@link #password}); no authentication when unset. */
    public Builder username(String username) {
      this.username = requireText("username", username);
      return this;
    }

    /** The password for {@link #username}; never logged or put in error messages. */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Default {@link Security#STARTTLS}. */
    public Builder security(Security security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    /** The sender, e.g. {@code "Parley <no-reply@example.com>"}. */
    public Builder from(String from) {
      this.from = requireText("from", from);
      return this;
    }

    /** How long to wait for the TCP (and TLS) connection; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** How long to wait for each server reply, and for each write; default 10 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    /**
     * Hosts whose TLS certificate is trusted without a CA chain ({@code mail.smtp.ssl.trust}, space
     * separated), for a relay with a self-signed certificate. Unset: the JDK trust store decides.
     */
    public Builder trustedHosts(String hosts) {
      this.trustedHosts = requireText("trustedHosts", hosts);
      return this;
    }

    /**
     * Whether the server's TLS certificate must name {@link #host} (RFC 2595); default true. Turn
     * off only for a test server whose certificate names no host.
     */
    public Builder checkServerIdentity(boolean check) {
      this.checkServerIdentity = check;
      return this;
    }

    /** The sender; IllegalStateException without host and from, or with only one of username and password. */
    public SmtpMailSender build() {
      if (host == null || from == null) {
        throw new IllegalStateException("host and from are required");
      }
      if ((username == null) != (password == null)) {
        throw new IllegalStateException("username and password go together");
      }
      try {
        return new SmtpMailSender(this, new InternetAddress(from, true));
      } catch (AddressException e) {
        throw new IllegalArgumentException("from is not a mail address: '" + from + "'", e);
      }
    }

    private static String requireText(String name, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }

  /** The Jakarta Mail session properties for one configuration. */
  private static final class SmtpSessionProperties {
    private SmtpSessionProperties() {}

    static Properties of(String host, int port, Security security, boolean auth, Duration connectTimeout,
        Duration readTimeout, String trustedHosts, boolean checkServerIdentity) {
      Properties p = new Properties();
      p.setProperty("mail.transport.protocol", "smtp");
      p.setProperty("mail.smtp.host", host);
      p.setProperty("mail.smtp.port", Integer.toString(port));
      p.setProperty("mail.smtp.auth", Boolean.toString(auth));
      p.setProperty("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
      p.setProperty("mail.smtp.timeout", Long.toString(readTimeout.toMillis()));
      p.setProperty("mail.smtp.writetimeout", Long.toString(readTimeout.toMillis()));
      if (security == Security.STARTTLS) {
        p.setProperty("mail.smtp.starttls.enable", "true");
        p.setProperty("mail.smtp.starttls.required", "true");
      }
      if (security == Security.TLS) {
        p.setProperty("mail.smtp.ssl.enable", "true");
      }
      if (security != Security.NONE) {
        p.setProperty("mail.smtp.ssl.checkserveridentity", Boolean.toString(checkServerIdentity));
      }
      if (trustedHosts != null) {
        p.setProperty("mail.smtp.ssl.trust", trustedHosts);
      }
      return p;
    }
  }
}
