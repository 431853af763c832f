package dev.parley.examples.cluster;

import dev.parley.cache.redis.RedisCache;
import dev.parley.core.service.VerificationService;
import dev.parley.server.ProcessMeters;
import dev.parley.server.TlsSettings;
import dev.parley.server.VerifyServer;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The verify role as its own process: a {@link VerifyServer} (gRPC) whose
 * {@link VerificationService} stores codes in Redis and mails them, to stdout by default or through
 * SMTP when {@code --smtp-host} is set. Gates reach it with a {@code VerifyClient}.
 *
 * <pre>
 * java -cp ... dev.parley.examples.cluster.VerifyMain --port 9101 --smtp-host smtp.example.com --smtp-security STARTTLS
 * </pre>
 *
 * Prints {@code parley-verify ready port=<grpc> health=<http> mail=<where>}; the health port serves
 * {@code GET /healthz} and {@code GET /metrics} (JVM and process meters).
 */
@Command(name = "parley-verify", mixinStandardHelpOptions = true,
    description = "Parley verify role: makes, stores (Redis) and mails verification codes, over gRPC.")
public final class VerifyMain implements Callable<Integer> {
  @Mixin private BindOptions bind;
  @Mixin private RedisOptions redis;
  @Mixin private MailOptions mail;
  @Mixin private ClusterTlsOptions clusterTls;

  @Option(names = "--port", defaultValue = "${env:PARLEY_VERIFY_PORT:-9101}",
      description = "gRPC port; 0 picks a free one. Env PARLEY_VERIFY_PORT. Default ${DEFAULT-VALUE}")
  private int port;

  @Option(names = "--health-port", defaultValue = "${env:PARLEY_VERIFY_HEALTH_PORT:-9111}",
      description = "HTTP port of GET /healthz and GET /metrics; 0 picks a free one. Env PARLEY_VERIFY_HEALTH_PORT. Default ${DEFAULT-VALUE}")
  private int healthPort;

  public static void main(String[] args) {
    RoleProcess.main(new VerifyMain(), args);
  }

  @Override
  public Integer call() throws Exception {
    return RoleProcess.serve("parley-verify", role -> {
      Optional<TlsSettings> tls = clusterTls.settings();
      BindCheck.requireBindable(bind.host, port, healthPort);
      ProcessMeters meters = role.own("meters", ProcessMeters.create());
      RedisCache cache = role.own("redis", redis.open());
      VerificationService codes = new VerificationService(cache.verificationCodes(), mail.create());
      VerifyServer.Builder vb = VerifyServer.builder().host(bind.host).port(port).codeIssuer(codes);
      tls.ifPresent(vb::tls); // mutual TLS: only cluster members get through
      VerifyServer server = role.own("verify server", vb.build().start());
      HealthEndpoint health = role.own("health endpoint",
          HealthEndpoint.start(bind.host, healthPort, () -> RedisOptions.probe(cache), meters::scrape));
      return "port=" + server.port() + " health=" + health.port() + " mail=" + mail.describe()
          + " tls=" + (tls.isPresent() ? "mutual" : "off");
    });
  }
}
