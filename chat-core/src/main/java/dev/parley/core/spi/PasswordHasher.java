package dev.parley.core.spi;

/**
 * Hashes passwords with a memory-hard, salted KDF. The hash string is self-describing (algorithm,
 * parameters, salt) so parameters can change without invalidating stored hashes. Thread-safe.
 */
public interface PasswordHasher {
  String hash(String password);

  /** True when {@code password} matches {@code hash}; false for any malformed hash. */
  boolean verify(String password, String hash);
}
