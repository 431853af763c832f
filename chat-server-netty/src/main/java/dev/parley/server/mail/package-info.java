/**
 * Mail senders for the verify role. {@link dev.parley.server.mail.SmtpMailSender} hands mail to an
 * SMTP server; the console sink for development is {@code dev.parley.core.mail.ConsoleMailSender}.
 */
package dev.parley.server.mail;
