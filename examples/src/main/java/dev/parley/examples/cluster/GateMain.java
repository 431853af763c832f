package dev.parley.examples.cluster;

import dev.parley.cache.redis.RedisCache;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.crypto.BoundedPasswordHasher;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.spi.PasswordHasher;
import dev.parley.server.AdminApiSettings;
import dev.parley.server.GateServer;
import dev.parley.server.ParleyAdmin;
import dev.parley.server.PresenceSessionCloser;
import dev.parley.server.ProcessMeters;
import dev.parley.server.StatusClient;
import dev.parley.server.TlsSettings;
import dev.parley.server.VerifyClient;
import dev.parley.storage.mysql.MysqlStorage;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The gate as its own process: the HTTP/JSON {@link GateServer} over an {@link AccountService}
 * with accounts in MySQL, codes, tokens and login rate limits in Redis, the verify role as code
 * issuer and the status role as node directory (both over gRPC). A password reset kicks the
 * user's open session through the chat nodes' internal gRPC port ({@link PresenceSessionCloser}).
 *
 * <pre>
 * java -cp ... dev.parley.examples.cluster.GateMain --port 8080 --status 127.0.0.1:9100 --verify 127.0.0.1:9101
 * </pre>
 *
 * Prints {@code parley-gate ready port=<http> health=<http>}; {@code GET /healthz} and {@code GET /metrics}
 * (the gate's {@code parley_gate_*} meters, JVM and process meters) are on the gate port.
 */
@Command(name = "parley-gate", mixinStandardHelpOptions = true,
    description = "Parley gate: sign-up, login and routing over HTTP/JSON, on MySQL and Redis.")
public final class GateMain implements Callable<Integer> {
  @Mixin private BindOptions bind;
  @Mixin private RedisOptions redis;
  @Mixin private DatabaseOptions database;
  @Mixin private StatusOptions status;
  @Mixin private ClientTlsOptions tls;
  @Mixin private ClusterTlsOptions clusterTls;
  @Mixin private AdminOptions admin;

  @Option(names = "--port", defaultValue = "${env:PARLEY_GATE_PORT:-8080}",
      description = "HTTP port; 0 picks a free one. Env PARLEY_GATE_PORT. Default ${DEFAULT-VALUE}")
  private int port;

  @Option(names = "--verify", paramLabel = "HOST:PORT", defaultValue = "${env:PARLEY_VERIFY_ADDR:-127.0.0.1:9101}",
      description = "The verify role. Env PARLEY_VERIFY_ADDR. Default ${DEFAULT-VALUE}")
  private HostPort verify;

  public static void main(String[] args) {
    RoleProcess.main(new GateMain(), args);
  }

  @Override
  public Integer call() throws Exception {
    return RoleProcess.serve("parley-gate", role -> {
      Optional<TlsSettings> https = tls.settings(bind.host, "gate port");
      Optional<TlsSettings> cluster = clusterTls.settings();
      Optional<AdminApiSettings> adminApi = admin.settings();
      BindCheck.requireBindable(bind.host, port);
      if (adminApi.isPresent()) {
        BindCheck.requireBindable(adminApi.get().host(), adminApi.get().port());
      }
      ProcessMeters meters = role.own("meters", ProcessMeters.create());
      MysqlStorage storage = role.own("mysql", database.open("parley-gate-db"));
      RedisCache cache = role.own("redis", redis.open());
      StatusClient statusClient = role.own("status client", status.connect(cluster));
      VerifyClient.Builder vb = VerifyClient.builder().address(verify.host(), verify.port());
      cluster.ifPresent(vb::tls);
      VerifyClient verifyClient = role.own("verify client", vb.build());
      ChatLimits limits = ChatLimits.defaults(); // the token TTL is the token store's (--token-ttl)
      // A password reset kicks the user's session on its chat node: presence in Redis, the node via status.
      PresenceSessionCloser sessionCloser = role.own("session closer",
          cluster.isEmpty() ? new PresenceSessionCloser(cache.presence(), statusClient)
              : new PresenceSessionCloser(cache.presence(), statusClient, PresenceSessionCloser.DEFAULT_CALL_TIMEOUT,
                  cluster.get()));
      // One bound on hashing for the public and the admin routes.
      PasswordHasher hasher = BoundedPasswordHasher.forCores(Argon2PasswordHasher.defaults());
      AccountService accounts = new AccountService(storage.userStore(), cache.verificationCodes(), verifyClient,
          cache.tokens(), hasher, cache.rateLimiter(),
          statusClient, limits, sessionCloser);
      GateServer.Builder gb = GateServer.builder().host(bind.host).port(port).accountService(accounts).limits(limits)
          .meterRegistry(meters.registry());
      https.ifPresent(gb::tls);
      // The host's admin API: stores as the nodes see them, pushes and kicks to the nodes over gRPC.
      ParleyAdmin.Builder ab = ParleyAdmin.builder().userStore(storage.userStore()).friendStore(storage.friendStore())
          .messageStore(storage.messageStore()).groupStore(storage.groupStore()).tokenStore(cache.tokens())
          .presenceRegistry(cache.presence()).nodeDirectory(statusClient).changeFeed(cache.changeFeed())
          .passwordHasher(hasher).limits(limits);
      cluster.ifPresent(ab::clusterTls);
      ParleyAdmin parleyAdmin = role.own("admin", ab.build());
      gb.admin(parleyAdmin.service());
      adminApi.ifPresent(gb::adminApi);
      GateServer gate = role.own("gate server", gb.build().start());
      return "port=" + gate.port() + " health=" + gate.port() + " tls=" + (https.isPresent() ? "on" : "off")
          + (adminApi.isPresent() ? " admin=" + gate.adminPort() : "");
    });
  }
}
