package dev.parley.examples.cluster;

import dev.parley.core.mail.ConsoleMailSender;
import dev.parley.core.spi.MailSender;
import dev.parley.server.mail.SmtpMailSender;
import picocli.CommandLine.Option;

/**
 * How the verify role mails its codes: to standard output (the default, for development) or, once
 * {@code --smtp-host} is set, through an SMTP server. Filled by picocli; not thread-safe.
 */
final class MailOptions {
  @Option(names = "--smtp-host", defaultValue = "${env:PARLEY_SMTP_HOST}",
      description = "SMTP server; unset prints mails to stdout. Env PARLEY_SMTP_HOST")
  String host;

  @Option(names = "--smtp-port", defaultValue = "${env:PARLEY_SMTP_PORT:-0}",
      description = "SMTP port; 0 picks by security (25, 587, 465). Env PARLEY_SMTP_PORT")
  int port;

  @Option(names = "--smtp-user", defaultValue = "${env:PARLEY_SMTP_USER}", description = "SMTP login. Env PARLEY_SMTP_USER")
  String user;

  @Option(names = "--smtp-password", defaultValue = "${env:PARLEY_SMTP_PASSWORD}",
      description = "SMTP password; prefer the env var PARLEY_SMTP_PASSWORD")
  String password;

  @Option(names = "--smtp-security", defaultValue = "${env:PARLEY_SMTP_SECURITY:-STARTTLS}",
      description = "NONE, STARTTLS or TLS. Env PARLEY_SMTP_SECURITY. Default ${DEFAULT-VALUE}")
  SmtpMailSender.Security security;

  @Option(names = "--mail-from", defaultValue = "${env:PARLEY_MAIL_FROM:-Parley <no-reply@localhost>}",
      description = "Sender address. Env PARLEY_MAIL_FROM. Default ${DEFAULT-VALUE}")
  String from;

  /** The console sender, or an SMTP sender when a host is set. */
  MailSender create() {
    if (host == null || host.isBlank()) {
      return new ConsoleMailSender();
    }
    SmtpMailSender.Builder b = SmtpMailSender.builder().host(host).security(security).from(from);
    if (port > 0) {
      b.port(port);
    }
    if (user != null && !user.isBlank()) {
      b.username(user).password(password == null ? "" : password);
    }
    return b.build();
  }

  /** Where mail goes, for the ready line (never the password). */
  String describe() {
    return host == null || host.isBlank() ? "console" : "smtp://" + host + (port > 0 ? ":" + port : "");
  }
}
