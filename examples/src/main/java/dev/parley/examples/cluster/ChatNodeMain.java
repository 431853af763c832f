package dev.parley.examples.cluster;

import dev.parley.cache.redis.RedisCache;
import dev.parley.server.ChatNode;
import dev.parley.server.ChatNodeBuilder;
import dev.parley.server.ProcessMeters;
import dev.parley.server.StatusClient;
import dev.parley.server.TlsSettings;
import dev.parley.storage.mysql.MysqlStorage;
import java.time.Duration;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.service.ChatLimits;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A chat node as its own process: a {@link ChatNode} with users, friends and messages in MySQL,
 * presence, tokens and the login lock in Redis, and the status role (gRPC) as node directory.
 *
 * <pre>
 * java -cp ... dev.parley.examples.cluster.ChatNodeMain --node-id chat-1 --port 9000 --internal-port 9200 \
 *     --advertised-host 10.0.0.5 --host 0.0.0.0 --status 10.0.0.2:9100
 * </pre>
 *
 * Prints {@code parley-chat ready node=<id> port=<tcp> internal=<grpc> health=<http>}; the health port
 * serves {@code GET /healthz} and {@code GET /metrics} (the node's {@code parley_*} meters, JVM and process meters).
 */
@Command(name = "parley-chat", mixinStandardHelpOptions = true,
    description = "Parley chat node: client TCP sessions and node-to-node gRPC, on MySQL and Redis.")
public final class ChatNodeMain implements Callable<Integer> {
  @Mixin private BindOptions bind;
  @Mixin private RedisOptions redis;
  @Mixin private DatabaseOptions database;
  @Mixin private StatusOptions status;
  @Mixin private ClientTlsOptions tls;
  @Mixin private ClusterTlsOptions clusterTls;

  @Option(names = "--node-id", defaultValue = "${env:PARLEY_NODE_ID}",
      description = "This node's id in the directory; default a random one. Env PARLEY_NODE_ID")
  private String nodeId;

  @Option(names = "--port", defaultValue = "${env:PARLEY_CHAT_PORT:-9000}",
      description = "Client TCP port; 0 picks a free one. Env PARLEY_CHAT_PORT. Default ${DEFAULT-VALUE}")
  private int port;

  @Option(names = "--internal-port", defaultValue = "${env:PARLEY_INTERNAL_PORT:-9200}",
      description = "Node-to-node gRPC port; 0 picks a free one. Env PARLEY_INTERNAL_PORT. Default ${DEFAULT-VALUE}")
  private int internalPort;

  @Option(names = "--advertised-host", defaultValue = "${env:PARLEY_ADVERTISED_HOST}",
      description = "Host clients and peers are told to use; default --host (required when that is 0.0.0.0). "
          + "Env PARLEY_ADVERTISED_HOST")
  private String advertisedHost;

  @Option(names = "--health-port", defaultValue = "${env:PARLEY_CHAT_HEALTH_PORT:-9300}",
      description = "HTTP port of GET /healthz and GET /metrics; 0 picks a free one. Env PARLEY_CHAT_HEALTH_PORT. Default ${DEFAULT-VALUE}")
  private int healthPort;

  @Option(names = "--node-heartbeat", defaultValue = "${env:PARLEY_NODE_HEARTBEAT:-5s}",
      description = "How often the node reports its load to status; keep it well under --node-stale-after. "
          + "Env PARLEY_NODE_HEARTBEAT. Default ${DEFAULT-VALUE}")
  private Duration nodeHeartbeat;

  @Option(names = "--presence-refresh", defaultValue = "${env:PARLEY_PRESENCE_REFRESH:-10s}",
      description = "How often the node refreshes its users' presence; keep it well under --presence-ttl. "
          + "Env PARLEY_PRESENCE_REFRESH. Default ${DEFAULT-VALUE}")
  private Duration presenceRefresh;

  @Option(names = "--token-recheck", defaultValue = "${env:PARLEY_TOKEN_RECHECK:-30s}",
      description = "How often the node re-verifies its sessions' tokens and closes those revoked (the backstop "
          + "behind a password reset's kick). Env PARLEY_TOKEN_RECHECK. Default ${DEFAULT-VALUE}")
  private Duration tokenRecheck;

  @Option(names = "--friendship-cache-ttl", defaultValue = "${env:PARLEY_FRIENDSHIP_CACHE_TTL:-30s}",
      description = "Longest the node keeps a cached friendship answer; a change is normally heard over Redis "
          + "pub/sub within milliseconds, this bounds it when notices were lost. Env PARLEY_FRIENDSHIP_CACHE_TTL. "
          + "Default ${DEFAULT-VALUE}")
  private Duration friendshipCacheTtl;

  @Option(names = "--presence-cache-ttl", defaultValue = "${env:PARLEY_PRESENCE_CACHE_TTL:-10s}",
      description = "Longest the node keeps a cached presence look-up for pushes (bounds how long it may push to "
          + "a binding that expired unseen). Env PARLEY_PRESENCE_CACHE_TTL. Default ${DEFAULT-VALUE}")
  private Duration presenceCacheTtl;

  @Option(names = "--blocking-threads", defaultValue = "${env:PARLEY_BLOCKING_THREADS:-0}",
      description = "Threads that run requests against MySQL and Redis, the node's request concurrency; "
          + "0 = max(4, 2 x cores). Give the database pool (--db-pool-size) about half as many connections. "
          + "Env PARLEY_BLOCKING_THREADS. Default ${DEFAULT-VALUE}")
  private int blockingThreads;

  @Option(names = "--login-policy", defaultValue = "${env:PARLEY_LOGIN_POLICY:-one-per-platform}",
      description = "Sessions a user may hold: one-per-platform, multi[:N] (N up to 64, default 10) or single; "
          + "the same on every chat node. Env PARLEY_LOGIN_POLICY. Default ${DEFAULT-VALUE}")
  private String loginPolicy;

  public static void main(String[] args) {
    RoleProcess.main(new ChatNodeMain(), args);
  }

  @Override
  public Integer call() throws Exception {
    return RoleProcess.serve("parley-chat", role -> {
      LoginPolicy policy = LoginPolicy.parse(loginPolicy);
      Optional<TlsSettings> clientTls = tls.settings(bind.host, "chat port");
      Optional<TlsSettings> cluster = clusterTls.settings();
      BindCheck.requireBindable(bind.host, port, internalPort, healthPort);
      ProcessMeters meters = role.own("meters", ProcessMeters.create());
      MysqlStorage storage = role.own("mysql", database.open("parley-chat-db"));
      RedisCache cache = role.own("redis", redis.open());
      StatusClient statusClient = role.own("status client", status.connect(cluster));
      ChatNodeBuilder b = ChatNode.builder().host(bind.host).port(port).internalPort(internalPort)
          .userStore(storage.userStore()).friendStore(storage.friendStore()).messageStore(storage.messageStore())
          .groupStore(storage.groupStore()) // shared by every node, like the message store
          .blockStore(storage.blockStore())
          .presenceRegistry(cache.presence()).tokenStore(cache.tokens()).loginLock(cache.loginLock())
          .rateLimiter(cache.rateLimiter()).changeFeed(cache.changeFeed()) // caches hear the other nodes' changes
          .nodeDirectory(statusClient).nodeHeartbeatInterval(nodeHeartbeat).presenceRefreshInterval(presenceRefresh)
          .meterRegistry(meters.registry()).tokenRecheckInterval(tokenRecheck)
          .friendshipCache(ChatNodeBuilder.DEFAULT_CACHE_ENTRIES, friendshipCacheTtl)
          .presenceCache(ChatNodeBuilder.DEFAULT_CACHE_ENTRIES, presenceCacheTtl)
          .limits(ChatLimits.defaults().withLoginPolicy(policy));
      clientTls.ifPresent(b::tls);
      cluster.ifPresent(b::internalTls); // the internal gRPC server and the calls to the other nodes
      if (blockingThreads > 0) {
        b.blockingThreads(blockingThreads);
      }
      if (nodeId != null && !nodeId.isBlank()) {
        b.nodeId(nodeId);
      }
      if (advertisedHost != null && !advertisedHost.isBlank()) {
        b.advertisedHost(advertisedHost);
      }
      ChatNode node = b.build();
      role.own("chat node", node.start(), node::stop);
      HealthEndpoint health = role.own("health endpoint", HealthEndpoint.start(bind.host, healthPort, () -> {
        node.info(); // throws once the node stopped
        RedisOptions.probe(cache);
      }, meters::scrape));
      return "node=" + node.nodeId() + " port=" + node.port() + " internal=" + node.internalPort()
          + " health=" + health.port() + " tls=" + (clientTls.isPresent() ? "on" : "off") + " login-policy=" + policy;
    });
  }
}
