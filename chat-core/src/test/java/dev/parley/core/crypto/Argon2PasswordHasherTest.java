package dev.parley.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.spi.PasswordHasher;
import dev.parley.core.spi.contract.PasswordHasherContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Argon2PasswordHasherTest extends PasswordHasherContract {
  private final Argon2PasswordHasher hasher = Argon2PasswordHasher.forTesting();

  @Override
  protected PasswordHasher newHasher() {
    return Argon2PasswordHasher.forTesting();
  }

  @Test
  void theHashIsAPhcStringWithItsParameters() {
    assertThat(hasher.hash("pw")).matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(Argon2PasswordHasher.defaults().hash("pw")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
  }

  @Test
  void verifyUsesTheParametersInTheHashNotItsOwn() {
    String cheap = hasher.hash("pw");
    Argon2PasswordHasher strong = Argon2PasswordHasher.defaults();
    assertThat(strong.verify("pw", cheap)).isTrue();
    assertThat(strong.needsRehash(cheap)).isTrue();
    assertThat(hasher.needsRehash(cheap)).isFalse();
    assertThat(hasher.needsRehash("garbage")).isTrue();

    String tampered = cheap.replace("m=1024,t=1", "m=1024,t=2");
    assertThat(hasher.verify("pw", tampered)).as("other parameters give another hash").isFalse();
  }

  @Test
  void verifiesTheReferenceImplementationsTestVector() {
    // from the Argon2 reference implementation's tests (phc-winner-argon2, src/test.c): 256 MiB, about a second
    String reference = "$argon2id$v=19$m=262144,t=2,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow";
    assertThat(hasher.verify("password", reference)).isTrue();
    assertThat(hasher.needsRehash(reference)).isTrue();
  }

  @Test
  void reusedMemoryGivesTheReferenceHashAgain() {
    // the same vector through a hasher whose own parameters it has: its memory comes from the reused block pool
    String reference = "$argon2id$v=19$m=262144,t=2,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow";
    Argon2PasswordHasher same = new Argon2PasswordHasher(262144, 2, 1);
    assertThat(same.needsRehash(reference)).isFalse();
    assertThat(same.verify("password", reference)).as("first call, fresh pool").isTrue();
    assertThat(same.verify("passwore", reference)).as("second call, reused blocks").isFalse();
    assertThat(same.verify("password", reference)).as("third call, reused blocks").isTrue();
  }

  @Test
  void concurrentCallsEachGetTheirOwnMemory() throws Exception {
    String hash = hasher.hash("pw");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<Boolean>> rights = new java.util.ArrayList<>();
      java.util.List<java.util.concurrent.Future<Boolean>> wrongs = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        rights.add(pool.submit(() -> hasher.verify("pw", hash)));
        wrongs.add(pool.submit(() -> hasher.verify("pX", hash)));
      }
      for (int i = 0; i < rights.size(); i++) {
        assertThat(rights.get(i).get()).isTrue();
        assertThat(wrongs.get(i).get()).isFalse();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void passwordLengthIsBounded() {
    String longest = "x".repeat(Argon2PasswordHasher.MAX_PASSWORD_LENGTH);
    assertThat(hasher.verify(longest, hasher.hash(longest))).isTrue();
    assertThatThrownBy(() -> hasher.hash(longest + "x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(hasher.verify(longest + "x", hasher.hash(longest))).isFalse();
    assertThat(hasher.verify(null, hasher.hash(longest))).isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "garbage",
      "$argon2i$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "$argon2id$v=16$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "$argon2id$v=19$m=1024,t=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA",
      "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$extra",
      "$argon2id$v=19$m=1024,t=1,p=1$!!!!!!!!!!!!!!!!!!!!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAA",
      "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "$argon2id$v=19$m=999999999,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "$argon2id$v=19$m=1024,t=0,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "$argon2id$v=19$m=1024,t=1,p=0$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "$argon2id$v=19$m=1024,t=9999,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "$argon2id$v=19$m=99999999999,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  })
  void malformedHashesAreFalseNeverAnException(String hash) {
    assertThat(hasher.verify("password", hash)).isFalse();
  }

  @Test
  void parametersOutOfBoundsAreRejectedAtConstruction() {
    assertThatThrownBy(() -> new Argon2PasswordHasher(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2PasswordHasher(1024, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2PasswordHasher(1024, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
