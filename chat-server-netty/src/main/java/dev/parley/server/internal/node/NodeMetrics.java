package dev.parley.server.internal.node;

import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.core.hooks.MessageInterceptor;
import dev.parley.core.service.MessagePolicy;
import dev.parley.server.internal.cache.CacheCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The node's meters, all tagged with the node id: {@code parley.connections} (gauge),
 * {@code parley.sessions} by {@code transport} ({@code tcp} or {@code ws}; gauges),
 * {@code parley.logins}, {@code parley.messages.sent}, {@code parley.messages.delivered},
 * {@code parley.group.messages.sent}, {@code parley.group.messages.delivered}, {@code parley.peer.deliver.calls},
 * {@code parley.pushes.dropped}, {@code parley.connections.refused} (counters), {@code parley.request.latency} by request type (timer),
 * and per cache that is on ({@code cache} tag {@code friendships} or {@code presence})
 * {@code parley.cache.hits}, {@code parley.cache.misses} and {@code parley.cache.invalidations}; with a message
 * interceptor {@code parley.interceptor.verdicts} and {@code parley.interceptor.failures}
 * ({@link #interceptorObserver}); with a host event listener {@code parley.host.events.delivered},
 * {@code .dropped}, {@code .failed} and {@code .queued} (see {@code HostEventDispatcher}). In Prometheus format the
 * names read {@code parley_connections}, {@code parley_logins_total} and so on.
 *
 * <p>Thread-safe (Micrometer meters are); the timers map is filled in the constructor only.
 */
public final class NodeMetrics {
  private final Counter logins;
  private final Counter messagesSent;
  private final Counter messagesDelivered;
  private final Counter groupMessagesSent;
  private final Counter groupMessagesDelivered;
  private final Counter peerDeliverCalls;
  private final Counter pushesDropped;
  private final Counter connectionsRefused;
  private final Map<BodyCase, Timer> latency = new EnumMap<>(BodyCase.class);

  public NodeMetrics(MeterRegistry registry, String nodeId) {
    logins = Counter.builder("parley.logins").description("successful chat logins")
        .tag("node", nodeId).register(registry);
    messagesSent = Counter.builder("parley.messages.sent").description("messages stored from this node's clients")
        .tag("node", nodeId).register(registry);
    messagesDelivered = Counter.builder("parley.messages.delivered")
        .description("message pushes written to this node's sessions").tag("node", nodeId).register(registry);
    groupMessagesSent = Counter.builder("parley.group.messages.sent")
        .description("group messages stored from this node's clients").tag("node", nodeId).register(registry);
    groupMessagesDelivered = Counter.builder("parley.group.messages.delivered")
        .description("group message pushes written to this node's sessions").tag("node", nodeId).register(registry);
    peerDeliverCalls = Counter.builder("parley.peer.deliver.calls")
        .description("Deliver calls this node made to other chat nodes (one per node per push)")
        .tag("node", nodeId).register(registry);
    pushesDropped = Counter.builder("parley.pushes.dropped")
        .description("message pushes not attempted because the push lanes were full (the mailbox has them)")
        .tag("node", nodeId).register(registry);
    connectionsRefused = Counter.builder("parley.connections.refused")
        .description("client connections closed at accept: their address had too many not logged in")
        .tag("node", nodeId).register(registry);
    for (BodyCase type : BodyCase.values()) {
      latency.put(type, Timer.builder("parley.request.latency").description("time to answer a request")
          .tag("node", nodeId).tag("type", type.name().toLowerCase(Locale.ROOT)).register(registry));
    }
  }

  /** Registers the connections gauge; the supplier is read whenever the registry is scraped. */
  public static void connectionsGauge(MeterRegistry registry, String nodeId, Supplier<Number> connections) {
    Gauge.builder("parley.connections", connections).description("open client connections")
        .tag("node", nodeId).strongReference(true).register(registry);
  }

  /**
   * Registers the by-transport gauges {@code parley.sessions{transport="tcp"|"ws"}}: open client
   * connections, logged in or not, on the TCP port and on the WebSocket port.
   */
  public static void sessionsByTransportGauges(MeterRegistry registry, String nodeId, LocalSessions sessions) {
    Gauge.builder("parley.sessions", sessions, s -> s.count() - s.webSocketCount())
        .description("open client connections by transport").tag("node", nodeId).tag("transport", "tcp")
        .strongReference(true).register(registry);
    Gauge.builder("parley.sessions", sessions, LocalSessions::webSocketCount)
        .description("open client connections by transport").tag("node", nodeId).tag("transport", "ws")
        .strongReference(true).register(registry);
  }

  /** Registers the hit, miss and invalidation counters of the node's cache {@code cache}. */
  public static void cacheCounters(MeterRegistry registry, String nodeId, String cache, CacheCounts counts) {
    FunctionCounter.builder("parley.cache.hits", counts, c -> c.hits().getAsLong())
        .description("look-ups answered from the node's cache").tag("node", nodeId).tag("cache", cache)
        .register(registry);
    FunctionCounter.builder("parley.cache.misses", counts, c -> c.misses().getAsLong())
        .description("look-ups the node's cache passed to the backend").tag("node", nodeId).tag("cache", cache)
        .register(registry);
    FunctionCounter.builder("parley.cache.invalidations", counts, c -> c.invalidations().getAsLong())
        .description("entries dropped from the node's cache because a change was made or heard (or all, on a resubscribe)")
        .tag("node", nodeId).tag("cache", cache).register(registry);
  }

  /**
   * Registers the message interceptor's counters (only for a node that has one):
   * {@code parley.interceptor.verdicts} by {@code outcome} ({@code accept}, {@code reject},
   * {@code replace}) and {@code parley.interceptor.failures} by {@code reason} ({@code timeout},
   * {@code error}, {@code saturated}: sends failed UNAVAILABLE), and returns the observer that counts.
   */
  public static MessagePolicy.Observer interceptorObserver(MeterRegistry registry, String nodeId) {
    Map<MessageInterceptor.Outcome, Counter> verdicts = new EnumMap<>(MessageInterceptor.Outcome.class);
    for (MessageInterceptor.Outcome o : MessageInterceptor.Outcome.values()) {
      verdicts.put(o, Counter.builder("parley.interceptor.verdicts")
          .description("messages the message interceptor answered in time, by its verdict")
          .tag("node", nodeId).tag("outcome", o.name().toLowerCase(Locale.ROOT)).register(registry));
    }
    Map<MessagePolicy.Failure, Counter> failures = new EnumMap<>(MessagePolicy.Failure.class);
    for (MessagePolicy.Failure f : MessagePolicy.Failure.values()) {
      failures.put(f, Counter.builder("parley.interceptor.failures")
          .description("sends failed UNAVAILABLE because the message interceptor timed out, threw or was saturated")
          .tag("node", nodeId).tag("reason", f.tag()).register(registry));
    }
    return new MessagePolicy.Observer() {
      @Override
      public void decided(MessageInterceptor.Outcome outcome) {
        verdicts.get(outcome).increment();
      }

      @Override
      public void failed(MessagePolicy.Failure failure) {
        failures.get(failure).increment();
      }
    };
  }

  void login() {
    logins.increment();
  }

  void messageSent() {
    messagesSent.increment();
  }

  void messageDelivered() {
    messagesDelivered.increment();
  }

  void groupMessageSent() {
    groupMessagesSent.increment();
  }

  void groupMessageDelivered() {
    groupMessagesDelivered.increment();
  }

  /** Counts one Deliver call to another node. */
  void peerDeliverCall() {
    peerDeliverCalls.increment();
  }

  void pushDropped() {
    pushesDropped.increment();
  }

  /** Counts a connection refused at accept by the unauthenticated-per-address cap. */
  public void connectionRefused() {
    connectionsRefused.increment();
  }

  Timer latency(BodyCase type) {
    return latency.get(type);
  }
}
