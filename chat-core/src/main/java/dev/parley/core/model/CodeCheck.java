package dev.parley.core.model;

/** The outcome of checking a verification code. Only {@link #VALID} consumes the code. */
public enum CodeCheck {
  /** Matched; the code is now used up. */
  VALID,
  /** Did not match; one attempt was spent. */
  WRONG,
  /** No live code for this email and purpose: never issued, expired, or already used. */
  MISSING,
  /** Too many wrong attempts; the code is dead and a new one must be requested. */
  TOO_MANY_ATTEMPTS
}
