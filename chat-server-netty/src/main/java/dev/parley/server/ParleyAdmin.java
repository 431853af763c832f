package dev.parley.server;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.parley.core.service.AdminService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PasswordHasher;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.UserStore;
import dev.parley.server.internal.cache.CacheSettings;
import dev.parley.server.internal.cache.CachingFriendStore;
import dev.parley.server.internal.cache.CachingGroupStore;
import dev.parley.server.internal.node.EventRouter;
import dev.parley.server.internal.node.LocalSessions;
import dev.parley.server.internal.node.NodeMetrics;
import dev.parley.server.internal.node.PeerNodeClients;
import dev.parley.server.internal.node.RequestThreading;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An {@link AdminService} wired to reach a deployment's chat nodes from a process that holds no
 * chat sessions (a gate, or the host's own back end): what it stores is pushed to online users by
 * the same {@code EventRouter} a chat node uses, every session on another node, so through the
 * nodes' gRPC {@code Deliver} (one call per node, found through the {@link NodeDirectory}); kicks go
 * through {@link PresenceSessionCloser} (gRPC {@code Kick}). With a {@link Builder#changeFeed} the
 * friend and group stores are wrapped like a node's, so a friendship or group the admin API makes
 * drops the nodes' cached answers at once. {@link ParleyServer#admin()} is one of these over
 * loopback gRPC, so the all-in-one server and a split deployment run the same code.
 *
 * <pre>{@code
 * ParleyAdmin admin = ParleyAdmin.builder().userStore(users).friendStore(friends).messageStore(messages)
 *     .groupStore(groups).tokenStore(tokens).presenceRegistry(presence).nodeDirectory(status)
 *     .changeFeed(redis.changeFeed()).build();
 * admin.service().sendSystemMessage(UserRef.external("crm-7781"), "welcome-1", "Welcome!");
 * GateServer gate = GateServer.builder()...admin(admin.service()).adminApi(settings).build().start();
 * }</pre>
 *
 * <p>Thread-safe. Owns its gRPC channels and feed subscriptions: {@link #close()} ends them.
 */
public final class ParleyAdmin implements AutoCloseable {
  private final AdminService service;
  private final List<AutoCloseable> owned;

  private ParleyAdmin(AdminService service, List<AutoCloseable> owned) {
    this.service = service;
    this.owned = owned;
  }

  /** A builder; the stores, presence and node directory are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The service (logged as {@link AdminService#DEFAULT_CALLER} unless {@link Builder#caller} said otherwise). */
  public AdminService service() {
    return service;
  }

  /** Shuts the gRPC channels down and ends the feed subscriptions. Idempotent. */
  @Override
  public synchronized void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        // closing the rest matters more; these close quietly
      }
    }
    owned.clear();
  }

  /** Builds a {@link ParleyAdmin}. Not thread-safe. */
  public static final class Builder {
    private static final CacheSettings SMALL_CACHE = new CacheSettings(1_000, Duration.ofSeconds(5));

    private final AdminService.Builder admin = AdminService.builder();
    private FriendStore friends;
    private GroupStore groups;
    private PresenceRegistry presence;
    private UserStore users;
    private NodeDirectory directory;
    private ChangeFeed changeFeed;
    private TlsSettings clusterTls;
    private Duration callTimeout = PresenceSessionCloser.DEFAULT_CALL_TIMEOUT;

    private Builder() {}

    public Builder userStore(UserStore v) {
      users = v;
      admin.userStore(v);
      return this;
    }

    public Builder friendStore(FriendStore v) {
      friends = Objects.requireNonNull(v, "friendStore");
      return this;
    }

    public Builder messageStore(MessageStore v) {
      admin.messageStore(v);
      return this;
    }

    public Builder groupStore(GroupStore v) {
      groups = Objects.requireNonNull(v, "groupStore");
      return this;
    }

    public Builder tokenStore(TokenStore v) {
      admin.tokenStore(v);
      return this;
    }

    /** The registry the chat nodes bind sessions in: who is online where. */
    public Builder presenceRegistry(PresenceRegistry v) {
      presence = Objects.requireNonNull(v, "presenceRegistry");
      admin.presenceRegistry(v);
      return this;
    }

    /** Where the chat nodes are found (a {@link StatusClient} in a split deployment). */
    public Builder nodeDirectory(NodeDirectory v) {
      directory = Objects.requireNonNull(v, "nodeDirectory");
      admin.nodeDirectory(v);
      return this;
    }

    /** The chat nodes' change feed; with it friendship and group changes drop the nodes' caches. */
    public Builder changeFeed(ChangeFeed v) {
      changeFeed = Objects.requireNonNull(v, "changeFeed");
      return this;
    }

    /** TLS for the gRPC calls to the nodes (read as for {@link PresenceSessionCloser}); default plaintext. */
    public Builder clusterTls(TlsSettings v) {
      clusterTls = Objects.requireNonNull(v, "clusterTls");
      return this;
    }

    /** Deadline of each Deliver and Kick call; default {@link PresenceSessionCloser#DEFAULT_CALL_TIMEOUT}. */
    public Builder callTimeout(Duration v) {
      callTimeout = BuilderChecks.positive("callTimeout", v);
      return this;
    }

    public Builder passwordHasher(PasswordHasher v) {
      admin.passwordHasher(v);
      return this;
    }

    /** The nodes' limits (text length, group limits); default {@link ChatLimits#defaults()}. */
    public Builder limits(ChatLimits v) {
      admin.limits(v);
      return this;
    }

    public Builder clock(Clock v) {
      admin.clock(v);
      return this;
    }

    /** See {@link AdminService.Builder#systemName}. */
    public Builder systemName(String v) {
      admin.systemName(v);
      return this;
    }

    /** See {@link AdminService.Builder#caller}. */
    public Builder caller(String v) {
      admin.caller(v);
      return this;
    }

    /** IllegalStateException when a required part is missing. */
    public ParleyAdmin build() {
      if (users == null || friends == null || presence == null || directory == null) {
        throw new IllegalStateException("userStore, friendStore, presenceRegistry and nodeDirectory are required");
      }
      List<AutoCloseable> owned = new ArrayList<>();
      FriendStore friendStore = friends;
      GroupStore groupStore = groups;
      if (changeFeed != null) {
        CachingFriendStore cf = new CachingFriendStore(friends, changeFeed, SMALL_CACHE, Ticker.systemTicker());
        owned.add(cf);
        friendStore = cf;
        if (groups != null) {
          CachingGroupStore cg = new CachingGroupStore(groups, changeFeed, SMALL_CACHE, Ticker.systemTicker());
          owned.add(cg);
          groupStore = cg;
        }
      }
      PresenceSessionCloser closer = clusterTls == null ? new PresenceSessionCloser(presence, directory, callTimeout)
          : new PresenceSessionCloser(presence, directory, callTimeout, clusterTls);
      owned.add(closer);
      PeerNodeClients peers = new PeerNodeClients(directory, callTimeout, clusterTls);
      owned.add(peers);
      // No session is ever local to this id, so the router sends every push to the session's node.
      String selfId = "admin-" + UUID.randomUUID();
      NodeMetrics metrics = new NodeMetrics(new SimpleMeterRegistry(), selfId);
      EventRouter router = new EventRouter(selfId, presence, users, new LocalSessions(metrics), peers,
          RequestThreading.inline(), metrics);
      admin.friendStore(friendStore).sessionCloser(closer).events(router);
      if (groupStore != null) {
        admin.groupStore(groupStore);
      }
      return new ParleyAdmin(admin.build(), owned);
    }
  }
}
