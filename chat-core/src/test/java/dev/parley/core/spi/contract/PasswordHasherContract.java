package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.PasswordHasher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PasswordHasher} passes: a hash verifies its own password only, is
 * salted (two hashes of one password differ), never contains the password, survives any Unicode
 * password, and a malformed hash is a plain {@code false}, never an exception. Extenders supply
 * the hasher (cheap parameters are fine: the contract is about behaviour, not cost).
 */
public abstract class PasswordHasherContract {
  private PasswordHasher hasher;

  /** A hasher to test; called before each test. */
  protected abstract PasswordHasher newHasher();

  @BeforeEach
  void createHasher() {
    hasher = newHasher();
  }

  @Test
  void aHashVerifiesItsOwnPasswordOnly() {
    String hash = hasher.hash("correct horse 42");
    assertThat(hasher.verify("correct horse 42", hash)).isTrue();
    assertThat(hasher.verify("correct horse 43", hash)).isFalse();
    assertThat(hasher.verify("Correct horse 42", hash)).isFalse();
    assertThat(hasher.verify("", hash)).isFalse();
  }

  @Test
  void hashesAreSaltedAndNeverHoldThePassword() {
    String first = hasher.hash("same password 1");
    String second = hasher.hash("same password 1");
    assertThat(first).isNotEqualTo(second).doesNotContain("same password 1");
    assertThat(second).doesNotContain("same password 1");
    assertThat(hasher.verify("same password 1", first)).isTrue();
    assertThat(hasher.verify("same password 1", second)).isTrue();
  }

  @Test
  void unicodePasswordsRoundTrip() {
    String password = "pässwörd 密码 👋🏽 1";
    String hash = hasher.hash(password);
    assertThat(hasher.verify(password, hash)).isTrue();
    assertThat(hasher.verify("passwort 密码 👋🏽 1", hash)).isFalse();
  }

  @Test
  void malformedHashesAreFalseNotExceptions() {
    String valid = hasher.hash("pw-123456");
    for (String bad : new String[] {"", "x", "$", "$$$$$", valid.substring(0, valid.length() / 2),
        valid + "$extra", valid.replace('$', '!')}) {
      assertThat(hasher.verify("pw-123456", bad)).as("hash '%s'", bad).isFalse();
    }
  }
}
