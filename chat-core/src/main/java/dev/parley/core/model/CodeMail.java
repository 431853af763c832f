package dev.parley.core.model;

/**
 * Which mail a code request sends. The gate picks it from whether the email has an account; the
 * verify role stores a fresh code for every kind (so each is rate-limited per (email, purpose)
 * alike) but only {@link #CODE} mails it. One mail per request, whatever the kind, so neither the
 * answer nor its timing tells a prober whether the address is registered.
 */
public enum CodeMail {
  /** The code itself: REGISTER for a free email, RESET_PASSWORD for a registered one. */
  CODE,
  /** REGISTER for an email that already has an account: says so and how to reset the password. */
  ACCOUNT_EXISTS,
  /** RESET_PASSWORD for an email without an account: says no account uses this address. */
  NO_ACCOUNT
}
