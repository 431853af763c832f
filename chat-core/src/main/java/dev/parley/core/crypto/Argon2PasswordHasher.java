package dev.parley.core.crypto;

import dev.parley.core.spi.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (Bouncy Castle's {@link Argon2BytesGenerator}) in the PHC string
 * format {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>}, salt and hash in
 * unpadded standard base64. A hash carries its own parameters, so {@link #verify} checks a hash
 * made with any parameters (within sane bounds) and a change of defaults invalidates nothing;
 * {@link #needsRehash} tells the caller when to upgrade a stored hash.
 *
 * <p>Passwords are hashed as UTF-8 and may be at most {@link #MAX_PASSWORD_LENGTH} characters,
 * which bounds the work a caller can ask for: {@link #hash} throws {@link IllegalArgumentException}
 * for a longer one, {@link #verify} answers false. Every salt is 16 fresh bytes from
 * {@link SecureRandom}; hashes are compared in constant time.
 *
 * <p>Memory is reused: a call with this hasher's own parameters borrows a block pool (Bouncy
 * Castle's {@link Argon2BytesGenerator.FixedBlockPool}, the 1 KiB blocks Argon2 fills, cleared when
 * given back) and returns it afterwards; at most {@link #RETAINED_POOLS} idle pools are kept, so the
 * hasher holds at most that many times its memory cost for good (2 x 19 MiB on two cores with
 * {@link #defaults()}) instead of leaving 19 MiB of garbage per call for the collector, which made
 * a login flood grow the heap. A call with other parameters (an old hash) allocates as before.
 *
 * <p>Thread-safe: its parameters are immutable and each pool is used by one call at a time.
 * Hashing with {@link #defaults()} takes tens of milliseconds and 19 MiB per concurrent call: call
 * it off event loops and bound the concurrency ({@link BoundedPasswordHasher}).
 */
public final class Argon2PasswordHasher implements PasswordHasher {
  /** Longest password accepted, in characters. */
  public static final int MAX_PASSWORD_LENGTH = 128;

  private static final int VERSION = Argon2Parameters.ARGON2_VERSION_13;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  // bounds for parameters read back from a hash string, so a forged hash cannot exhaust the node
  private static final int MAX_MEMORY_KIB = 1 << 20;
  private static final int MAX_ITERATIONS = 64;
  private static final int MAX_PARALLELISM = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Idle block pools kept for reuse: one per core, the concurrency {@link BoundedPasswordHasher#forCores} allows. */
  static final int RETAINED_POOLS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private final Argon2Params params;
  private final BlockingQueue<Argon2BytesGenerator.BlockPool> idlePools = new ArrayBlockingQueue<>(RETAINED_POOLS);

  /**
   * A hasher producing hashes with the given cost.
   *
   * @throws IllegalArgumentException when a parameter is outside Argon2's (and this class's) bounds
   */
  public Argon2PasswordHasher(int memoryKiB, int iterations, int parallelism) {
    this.params = new Argon2Params(memoryKiB, iterations, parallelism);
    if (!params.withinBounds()) {
      throw new IllegalArgumentException("Argon2 parameters out of bounds: " + params);
    }
  }

  /** OWASP's recommended Argon2id cost: m=19456 KiB (19 MiB), t=2, p=1. */
  public static Argon2PasswordHasher defaults() {
    return new Argon2PasswordHasher(19456, 2, 1);
  }

  /**
   * A cheap cost (m=1024 KiB, t=1, p=1) for tests only: it hashes in about a millisecond and offers
   * little resistance to offline guessing. Never use it for real accounts.
   */
  public static Argon2PasswordHasher forTesting() {
    return new Argon2PasswordHasher(1024, 1, 1);
  }

  @Override
  public String hash(String password) {
    Objects.requireNonNull(password, "password");
    if (password.length() > MAX_PASSWORD_LENGTH) {
      throw new IllegalArgumentException("password is " + password.length() + " characters, the limit is "
          + MAX_PASSWORD_LENGTH);
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, params, HASH_BYTES);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return params.phcPrefix() + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  @Override
  public boolean verify(String password, String hash) {
    if (password == null || password.length() > MAX_PASSWORD_LENGTH) {
      return false;
    }
    Optional<PhcHash> parsed = PhcHash.parse(hash);
    if (parsed.isEmpty() || !parsed.get().params().withinBounds()) {
      return false;
    }
    PhcHash phc = parsed.get();
    byte[] candidate = derive(password, phc.salt(), phc.params(), phc.hash().length);
    return MessageDigest.isEqual(candidate, phc.hash());
  }

  /**
   * True when {@code hash} was not made with this hasher's parameters (or is unreadable), so the
   * caller should store a fresh hash after the next successful login.
   */
  public boolean needsRehash(String hash) {
    return PhcHash.parse(hash).map(p -> !p.params().equals(params)).orElse(true);
  }

  @Override
  public String toString() {
    return "Argon2PasswordHasher[" + params + "]";
  }

  private byte[] derive(String password, byte[] salt, Argon2Params p, int length) {
    boolean own = p.equals(params);
    Argon2BytesGenerator.BlockPool pool = own ? borrowPool() : null;
    try {
      Argon2Parameters.Builder parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
          .withVersion(VERSION)
          .withMemoryAsKB(p.memoryKiB())
          .withIterations(p.iterations())
          .withParallelism(p.parallelism())
          .withSalt(salt);
      if (pool != null) {
        parameters.withBlockPool(pool);
      }
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(parameters.build());
      byte[] out = new byte[length];
      // generateBytes clears every block and hands it back to the pool before it returns
      generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
      return out;
    } finally {
      if (pool != null) {
        idlePools.offer(pool); // full: more calls ran at once than pools are kept; this one goes to the GC
      }
    }
  }

  private Argon2BytesGenerator.BlockPool borrowPool() {
    Argon2BytesGenerator.BlockPool pool = idlePools.poll();
    return pool != null ? pool
        : new Argon2BytesGenerator.FixedBlockPool(Argon2BytesGenerator.getBlockCount(params.memoryKiB(), params.parallelism()));
  }

  /** Argon2id cost parameters. Immutable. */
  record Argon2Params(int memoryKiB, int iterations, int parallelism) {
    boolean withinBounds() {
      return parallelism >= 1 && parallelism <= MAX_PARALLELISM
          && iterations >= 1 && iterations <= MAX_ITERATIONS
          && memoryKiB >= 8 * parallelism && memoryKiB <= MAX_MEMORY_KIB;
    }

    String phcPrefix() {
      return "$argon2id$v=" + VERSION + "$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism;
    }

    @Override
    public String toString() {
      return "m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism;
    }
  }
}
