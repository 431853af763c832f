package dev.parley.examples.cluster;

import dev.parley.cache.redis.RedisCache;
import dev.parley.server.ProcessMeters;
import dev.parley.server.StatusServer;
import dev.parley.server.TlsSettings;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The status role as its own process: a {@link StatusServer} (gRPC) over the Redis node directory
 * and presence registry, which chat nodes and gates reach with a {@code StatusClient}.
 *
 * <pre>
 * java -cp ... dev.parley.examples.cluster.StatusMain --port 9100 --health-port 9110 --redis redis://127.0.0.1:6379
 * </pre>
 *
 * Prints {@code parley-status ready port=<grpc> health=<http>}; {@code GET /healthz} on the health
 * port answers 200 while Redis answers a read, {@code GET /metrics} gives the JVM and process meters.
 */
@Command(name = "parley-status", mixinStandardHelpOptions = true,
    description = "Parley status role: chat-node registry and presence over gRPC, on Redis.")
public final class StatusMain implements Callable<Integer> {
  @Mixin private BindOptions bind;
  @Mixin private RedisOptions redis;
  @Mixin private ClusterTlsOptions clusterTls;

  @Option(names = "--port", defaultValue = "${env:PARLEY_STATUS_PORT:-9100}",
      description = "gRPC port; 0 picks a free one. Env PARLEY_STATUS_PORT. Default ${DEFAULT-VALUE}")
  private int port;

  @Option(names = "--health-port", defaultValue = "${env:PARLEY_STATUS_HEALTH_PORT:-9110}",
      description = "HTTP port of GET /healthz and GET /metrics; 0 picks a free one. Env PARLEY_STATUS_HEALTH_PORT. Default ${DEFAULT-VALUE}")
  private int healthPort;

  public static void main(String[] args) {
    RoleProcess.main(new StatusMain(), args);
  }

  @Override
  public Integer call() throws Exception {
    return RoleProcess.serve("parley-status", role -> {
      Optional<TlsSettings> tls = clusterTls.settings();
      BindCheck.requireBindable(bind.host, port, healthPort);
      ProcessMeters meters = role.own("meters", ProcessMeters.create());
      RedisCache cache = role.own("redis", redis.open());
      StatusServer.Builder sb = StatusServer.builder().host(bind.host).port(port)
          .nodeDirectory(cache.nodeDirectory()).presence(cache.presence());
      tls.ifPresent(sb::tls); // mutual TLS: only cluster members get through
      StatusServer server = role.own("status server", sb.build().start());
      HealthEndpoint health = role.own("health endpoint",
          HealthEndpoint.start(bind.host, healthPort, () -> cache.nodeDirectory().liveNodes(), meters::scrape));
      return "port=" + server.port() + " health=" + health.port() + " tls=" + (tls.isPresent() ? "mutual" : "off");
    });
  }
}
