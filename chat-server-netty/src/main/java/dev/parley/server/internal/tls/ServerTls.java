package dev.parley.server.internal.tls;

import dev.parley.server.TlsSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening port's TLS: the Netty {@link SslContext} built from {@link TlsSettings} (OpenSSL
 * when asked for or, with {@code AUTO}, when netty-tcnative loads; the JDK engine otherwise), a
 * {@link SslHandler} per accepted channel with the handshake timeout, counters of handshakes that
 * finished and failed, and the reload of the certificate files when they change on disk.
 *
 * <p>Reload: every {@code reloadInterval} a shared daemon thread compares the files' modification
 * times and sizes with those the current context was built from; on a change it builds a new
 * context and, if that works, swaps it in (a volatile write), so later handshakes present the new
 * certificate; a file that does not parse leaves the old context in place and is logged.
 *
 * <p>Thread-safe: {@link #newHandler} runs on any event loop.
 */
public final class ServerTls implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
  private static final ScheduledExecutorService RELOADS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "parley-tls-reload");
    t.setDaemon(true);
    return t;
  });

  private final TlsSettings settings;
  private final String role;
  private final SslProvider provider;
  private final Counter handshakes;
  private final Counter failures;
  private final ScheduledFuture<?> reloadTask;
  private volatile SslContext context;
  private volatile List<Object> stamp;

  private ServerTls(TlsSettings settings, String role, MeterRegistry meters) throws SSLException {
    this.settings = settings;
    this.role = role;
    this.provider = provider(settings.engine());
    this.stamp = stamp(settings);
    this.context = build(settings, provider);
    this.handshakes = Counter.builder("parley_tls_handshakes").tag("port", role).tag("outcome", "ok")
        .description("TLS handshakes finished, by listening port").register(meters);
    this.failures = Counter.builder("parley_tls_handshakes").tag("port", role).tag("outcome", "failed")
        .description("TLS handshakes that failed or timed out, by listening port").register(meters);
    long every = settings.reloadInterval().toMillis();
    this.reloadTask = every == 0 ? null
        : RELOADS.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    log.info("{} TLS: engine {}, protocols {}, client certificates {}", role, engineName(), TlsSettings.PROTOCOLS,
        settings.clientAuth());
  }

  /**
   * TLS for the port named {@code role} ("gate", "chat", "ws"); IllegalStateException when the
   * files do not make a context or the OpenSSL engine was required and does not load.
   */
  public static ServerTls start(TlsSettings settings, String role, MeterRegistry meters) {
    try {
      return new ServerTls(settings, role, meters);
    } catch (SSLException | RuntimeException e) {
      throw new IllegalStateException("cannot set up TLS for " + role + " from " + settings + ": " + e.getMessage(), e);
    }
  }

  /** The engine the settings select: OpenSSL when available (or required), else the JDK's. */
  public static SslProvider provider(TlsSettings.Engine engine) {
    return switch (engine) {
      case JDK -> SslProvider.JDK;
      case OPENSSL -> {
        if (!OpenSsl.isAvailable()) {
          throw new IllegalStateException("the OpenSSL TLS engine does not load: " + OpenSsl.unavailabilityCause());
        }
        yield SslProvider.OPENSSL;
      }
      case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    };
  }

  /** "OpenSSL (BoringSSL)" or "JDK": what runs, as logged at start and reported by the node. */
  public String engineName() {
    return provider == SslProvider.JDK ? "JDK" : "OpenSSL (" + OpenSsl.versionString() + ")";
  }

  /** The settings this port runs with. */
  public TlsSettings settings() {
    return settings;
  }

  /**
   * A TLS handler for {@code channel}, first in its pipeline: the current context, the handshake
   * timeout, the handshake counted when it finishes or fails.
   */
  public SslHandler newHandler(Channel channel) {
    SslHandler handler = context.newHandler(channel.alloc());
    handler.setHandshakeTimeoutMillis(settings.handshakeTimeout().toMillis());
    handler.handshakeFuture().addListener(f -> {
      if (f.isSuccess()) {
        handshakes.increment();
      } else {
        failures.increment();
        log.debug("{} TLS handshake with {} failed: {}", role, channel.remoteAddress(), f.cause().toString());
      }
    });
    return handler;
  }

  /** Rebuilds the context if the files changed; true when a new one is in use. Called by the reload thread. */
  public boolean reloadIfChanged() {
    List<Object> now;
    try {
      now = stamp(settings);
    } catch (RuntimeException e) {
      log.warn("{} TLS: cannot read certificate files, keeping the current ones: {}", role, e.getMessage());
      return false;
    }
    if (now.equals(stamp)) {
      return false;
    }
    try {
      context = build(settings, provider);
      stamp = now;
      log.info("{} TLS: certificate files changed; new handshakes use the new certificate", role);
      return true;
    } catch (SSLException | RuntimeException e) {
      log.warn("{} TLS: changed certificate files do not load, keeping the current ones: {}", role, e.toString());
      return false;
    }
  }

  @Override
  public void close() {
    if (reloadTask != null) {
      reloadTask.cancel(false);
    }
  }

  private static SslContext build(TlsSettings s, SslProvider provider) throws SSLException {
    SslContextBuilder b = SslContextBuilder.forServer(s.certificateChain().toFile(), s.privateKey().toFile())
        .sslProvider(provider).protocols(TlsSettings.PROTOCOLS).clientAuth(switch (s.clientAuth()) {
          case NONE -> ClientAuth.NONE;
          case OPTIONAL -> ClientAuth.OPTIONAL;
          case REQUIRE -> ClientAuth.REQUIRE;
        });
    s.trustedCertificates().ifPresent(ca -> b.trustManager(ca.toFile()));
    return b.build();
  }

  private static List<Object> stamp(TlsSettings s) {
    List<Object> out = new ArrayList<>(6);
    List<Path> files = new ArrayList<>(List.of(s.certificateChain(), s.privateKey()));
    s.trustedCertificates().ifPresent(files::add);
    for (Path file : files) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        out.add(a.lastModifiedTime());
        out.add(a.size());
      } catch (IOException e) {
        throw new IllegalStateException(file + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
