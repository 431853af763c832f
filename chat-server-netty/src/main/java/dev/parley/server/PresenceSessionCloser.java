package dev.parley.server;

import dev.parley.core.service.SessionCloser;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.server.internal.node.PeerNodeClients;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SessionCloser} for a gate: looks the user's binding up in the {@link PresenceRegistry}
 * the chat nodes share and sends the node it names the node-to-node gRPC {@code Kick} (found through
 * the {@link NodeDirectory}, on the node's internal port), so the session gets {@code Kicked} with
 * the reason and is closed, on whichever node it is. The call is asynchronous with a deadline
 * ({@link #DEFAULT_CALL_TIMEOUT} by default); a failure is logged, and the node's periodic token
 * re-check then closes the session, because its token is already revoked.
 *
 * <pre>{@code
 * PresenceSessionCloser closer = new PresenceSessionCloser(cache.presence(), statusClient);
 * AccountService accounts = new AccountService(..., limits, closer);
 * ...
 * closer.close(); // after the gate stopped
 * }</pre>
 *
 * <p>Thread-safe; {@link #closeSessions} blocks on the presence look-up only. Owns its gRPC
 * channels: {@link #close()} shuts them down.
 */
public final class PresenceSessionCloser implements SessionCloser, AutoCloseable {
  /** Deadline of one Kick call to a chat node. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(3);
  private static final Logger log = LoggerFactory.getLogger(PresenceSessionCloser.class);

  private final PresenceRegistry presence;
  private final PeerNodeClients nodes;

  /** A closer with the default call timeout. */
  public PresenceSessionCloser(PresenceRegistry presence, NodeDirectory directory) {
    this(presence, directory, DEFAULT_CALL_TIMEOUT);
  }

  /** A closer whose Kick calls give up after {@code callTimeout}, over plaintext gRPC. */
  public PresenceSessionCloser(PresenceRegistry presence, NodeDirectory directory, Duration callTimeout) {
    this.presence = Objects.requireNonNull(presence, "presence");
    BuilderChecks.positive("callTimeout", callTimeout);
    this.nodes = new PeerNodeClients(Objects.requireNonNull(directory, "directory"), callTimeout, null);
  }

  /**
   * A closer whose Kick calls go over TLS with {@code clusterTls}, read as for any gRPC client
   * ({@link StatusClient.Builder#tls}): the cluster CA checks the nodes' certificates, the chain
   * and key are the gate's own certificate for nodes that require one.
   */
  public PresenceSessionCloser(PresenceRegistry presence, NodeDirectory directory, Duration callTimeout,
      TlsSettings clusterTls) {
    this.presence = Objects.requireNonNull(presence, "presence");
    BuilderChecks.positive("callTimeout", callTimeout);
    this.nodes = new PeerNodeClients(Objects.requireNonNull(directory, "directory"), callTimeout,
        Objects.requireNonNull(clusterTls, "clusterTls"));
  }

  @Override
  public void closeSessions(long userId, String reason) {
    closeSessions(userId, KickReason.REVOKED, reason);
  }

  /** Kicks every session of {@code userId} with {@code code} (REVOKED for the two-argument form). */
  @Override
  public void closeSessions(long userId, KickReason code, String reason) {
    try {
      for (PresenceBinding binding : presence.sessions(userId)) {
        nodes.kick(binding, code, reason);
      }
    } catch (RuntimeException e) {
      log.warn("could not kick the sessions of user {} ({}); the nodes' token re-check will close them",
          userId, e.toString());
    }
  }

  /** Shuts the gRPC channels to the nodes down. */
  @Override
  public void close() {
    nodes.close();
  }
}
