package dev.parley.bench.internal;

import dev.parley.bench.SeedFile;
import dev.parley.bench.SeedFile.SeedUser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Logs seeded users in through the gate ({@code POST /api/v1/sessions} with email and password), so
 * a load run can start from fresh tokens the way a real client gets them: this includes the gate's
 * password check at the server's Argon2 cost. At most {@link #CONCURRENCY} logins are outstanding
 * (the gate's hashing pool takes 5 per core before it answers 503), and a 503 is retried after its
 * {@code Retry-After} ({@link GateSessions}). Meant for small counts. Thread-safe; each call is
 * independent.
 */
public final class GateLogin {
  private static final int CONCURRENCY = 8;

  private GateLogin() {}

  /** The outcome: the seed with fresh tokens for the first {@code count} users, and the login rate seen. */
  public record Outcome(SeedFile seed, double loginsPerSecond) {}

  /** Logs the first {@code count} users in; @throws java.util.concurrent.CompletionException when a login fails */
  public static Outcome loginFirst(SeedFile seed, int count) {
    GateSessions gate = new GateSessions(seed);
    List<SeedUser> users = new ArrayList<>(seed.users());
    int n = Math.min(count, users.size());
    Semaphore permits = new Semaphore(CONCURRENCY);
    List<CompletableFuture<Void>> calls = new ArrayList<>(n);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int at = i;
      permits.acquireUninterruptibly();
      calls.add(gate.login(users.get(i)).thenAccept(u -> users.set(at, u)).whenComplete((v, e) -> permits.release()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    double rate = n / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    return new Outcome(seed.withUsers(users), rate);
  }
}
