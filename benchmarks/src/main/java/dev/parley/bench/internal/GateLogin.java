package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.bench.SeedFile;
import dev.parley.bench.SeedFile.SeedUser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Logs seeded users in through the gate ({@code POST /api/v1/sessions} with email and password), so
 * a load run can start from fresh tokens the way a real client gets them: this includes the gate's
 * password check (a memory-hard hash; the bench server uses the cheap test setting). Meant for
 * small counts. Thread-safe; each call is independent.
 */
public final class GateLogin {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CONCURRENCY = 16;

  private GateLogin() {}

  /** The outcome: the seed with fresh tokens for the first {@code count} users, and the login rate seen. */
  public record Outcome(SeedFile seed, double loginsPerSecond) {}

  /** Logs the first {@code count} users in; @throws IllegalStateException when a login fails */
  public static Outcome loginFirst(SeedFile seed, int count) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<SeedUser> users = new ArrayList<>(seed.users());
    int n = Math.min(count, users.size());
    Semaphore permits = new Semaphore(CONCURRENCY);
    List<CompletableFuture<Void>> calls = new ArrayList<>(n);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int at = i;
      permits.acquireUninterruptibly();
      calls.add(http.sendAsync(request(seed, users.get(i)), HttpResponse.BodyHandlers.ofString())
          .thenAccept(r -> users.set(at, withToken(users.get(at), r)))
          .whenComplete((v, e) -> permits.release()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    double rate = n / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    return new Outcome(seed.withUsers(users), rate);
  }

  private static HttpRequest request(SeedFile seed, SeedUser u) {
    String body = JSON.createObjectNode().put("email", u.email()).put("password", seed.password()).toString();
    return HttpRequest.newBuilder(URI.create(seed.gateUrl() + "/api/v1/sessions")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static SeedUser withToken(SeedUser u, HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException("gate login of " + u.email() + " answered " + r.statusCode() + ": " + r.body());
    }
    try {
      JsonNode n = JSON.readTree(r.body());
      return new SeedUser(u.id(), u.name(), u.email(), n.path("token").asText());
    } catch (IOException e) {
      throw new IllegalStateException("gate login of " + u.email() + " answered unreadable JSON: " + r.body(), e);
    }
  }
}
