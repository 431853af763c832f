/** Mail senders that need nothing outside the JDK; SMTP lives in the server module. */
package dev.parley.core.mail;
