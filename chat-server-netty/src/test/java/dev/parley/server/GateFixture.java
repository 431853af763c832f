package dev.parley.server;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.memory.InMemoryVerificationCodes;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.CodeIssuer;
import dev.parley.core.service.VerificationService;
import dev.parley.core.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * A gate on a loopback port in front of a real {@link AccountService} on the in-memory SPIs, with
 * a recording mail sender, a cheap Argon2 hasher and a clock that only moves when told to; over
 * plain HTTP, or HTTPS with {@link #https}.
 */
final class GateFixture implements AutoCloseable {
  static final String PASSWORD = "correct horse 42";
  /** An instant off any round second, so Retry-After values show their rounding up. */
  static final Instant START = Instant.parse("2030-01-01T00:00:10.500Z");
  static final ChatNodeInfo NODE = new ChatNodeInfo("node-1", "127.0.0.1", 7001, "127.0.0.1", 0, 0, START);

  final MutableClock clock = new MutableClock(START);
  final InMemoryVerificationCodes codes =
      new InMemoryVerificationCodes(Duration.ofMinutes(10), 5, Duration.ofSeconds(60), clock);
  final InMemoryNodeDirectory nodes = new InMemoryNodeDirectory(Duration.ofSeconds(45), clock);
  final RecordingMailSender mail = new RecordingMailSender();
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final AccountService accounts;
  final GateServer gate;
  final GateHttp http;

  /** Default limits, the recording verification service, one live chat node. */
  GateFixture() {
    this(ChatLimits.defaults(), codes -> null, UnaryOperator.identity(), true);
  }

  /**
   * @param issuer the code issuer, or null for a {@link VerificationService} mailing to {@link #mail}
   * @param gateOptions extra gate builder settings
   * @param liveNode whether one chat node is registered
   */
  GateFixture(ChatLimits limits, Function<InMemoryVerificationCodes, CodeIssuer> issuer,
      UnaryOperator<GateServer.Builder> gateOptions, boolean liveNode) {
    this(limits, issuer, gateOptions, liveNode, null, null);
  }

  /**
   * Default limits and one live chat node, the gate on HTTPS with {@code tls}; {@link #http} talks
   * to {@code https://localhost} trusting {@code trust}.
   */
  static GateFixture https(TlsSettings tls, SSLContext trust) {
    return new GateFixture(ChatLimits.defaults(), codes -> null, UnaryOperator.identity(), true, tls, trust);
  }

  private GateFixture(ChatLimits limits, Function<InMemoryVerificationCodes, CodeIssuer> issuer,
      UnaryOperator<GateServer.Builder> gateOptions, boolean liveNode, TlsSettings tls, SSLContext trust) {
    CodeIssuer codeIssuer = issuer.apply(codes);
    accounts = new AccountService(new InMemoryUserStore(clock), codes,
        codeIssuer != null ? codeIssuer : new VerificationService(codes, mail),
        new InMemoryTokenStore(Duration.ofHours(24), clock), Argon2PasswordHasher.forTesting(),
        new InMemoryRateLimiter(clock), nodes, limits);
    if (liveNode) {
      nodes.register(NODE);
    }
    GateServer.Builder builder = GateServer.builder().host("127.0.0.1").port(0)
        .accountService(accounts).limits(limits).meterRegistry(registry).executorThreads(2);
    if (tls != null) {
      builder.tls(tls);
    }
    gate = gateOptions.apply(builder).build().start();
    http = tls == null ? new GateHttp(gate.port()) : new GateHttp(gate.port(), trust);
  }

  /** Requests a REGISTER code over HTTP and registers with it; returns the 201 reply. */
  GateHttp.Reply register(String email, String name) {
    GateHttp.Reply code = http.postJson("/api/v1/verification-codes", GateHttp.json("email", email, "purpose", "REGISTER"));
    if (code.status() != 202) {
      throw new AssertionError("code request failed: " + code);
    }
    return http.postJson("/api/v1/users",
        GateHttp.json("email", email, "name", name, "password", PASSWORD, "code", mail.lastCodeFor(email)));
  }

  GateHttp.Reply login(String email, String password) {
    return http.postJson("/api/v1/sessions", GateHttp.json("email", email, "password", password));
  }

  @Override
  public void close() {
    gate.stop();
  }
}
