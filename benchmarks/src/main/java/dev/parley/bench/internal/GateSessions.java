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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One user's gate login at a time, asynchronously: {@code POST /api/v1/sessions} with email and
 * password, answering the user with the fresh session token. A 503 with {@code Retry-After} (the
 * gate's hashing pool is full) is retried after the time it names, up to {@link #MAX_RETRIES}
 * times, and counted in {@link #retries()}; any other answer fails the login.
 *
 * <p>Thread-safe; one shared HTTP client.
 */
public final class GateSessions {
  /** Retries of one login after 503 before it counts as failed. */
  public static final int MAX_RETRIES = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SeedFile seed;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final LongAdder retries = new LongAdder();

  public GateSessions(SeedFile seed) {
    this.seed = seed;
  }

  /** Logs {@code u} in through the gate; completes with {@code u} carrying the gate's token. */
  public CompletableFuture<SeedUser> login(SeedUser u) {
    return attempt(u, 0);
  }

  /** 503 answers that were retried, over all logins so far. */
  public long retries() {
    return retries.sum();
  }

  private CompletableFuture<SeedUser> attempt(SeedUser u, int retry) {
    return http.sendAsync(request(u), HttpResponse.BodyHandlers.ofString()).thenCompose(r -> {
      if (r.statusCode() == 503 && retry < MAX_RETRIES) {
        retries.increment();
        long waitMs = r.headers().firstValueAsLong("Retry-After").orElse(1) * 1000;
        return CompletableFuture.supplyAsync(() -> u, CompletableFuture.delayedExecutor(waitMs, TimeUnit.MILLISECONDS))
            .thenCompose(same -> attempt(same, retry + 1));
      }
      return CompletableFuture.completedFuture(withToken(u, r));
    });
  }

  private HttpRequest request(SeedUser u) {
    String body = JSON.createObjectNode().put("email", u.email()).put("password", seed.password()).toString();
    return HttpRequest.newBuilder(URI.create(seed.gateUrl() + "/api/v1/sessions")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static SeedUser withToken(SeedUser u, HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new CompletionException(new IllegalStateException("gate login answered " + r.statusCode() + ": "
          + r.body().replaceAll("\\d+", "N")));
    }
    try {
      JsonNode n = JSON.readTree(r.body());
      return new SeedUser(u.id(), u.name(), u.email(), n.path("token").asText());
    } catch (IOException e) {
      throw new CompletionException(new IllegalStateException("gate login answered unreadable JSON", e));
    }
  }
}
