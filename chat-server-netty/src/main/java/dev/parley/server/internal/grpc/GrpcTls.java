package dev.parley.server.internal.grpc;

import dev.parley.server.TlsSettings;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS contexts for the internal gRPC servers and clients (status, verify, node-to-node), made from
 * the same {@link TlsSettings} as the client-facing ports but with grpc-netty-shaded's own copy of
 * Netty: that jar bundles a shaded netty-tcnative (BoringSSL) for linux/macOS/windows, so the
 * OpenSSL engine here does not depend on the {@code netty-tcnative-boringssl-static} jar the gate
 * and chat ports use; {@link #engineName} says which one runs and every context made is logged.
 *
 * <p>For a server, the settings' chain and key are its certificate; {@link TlsSettings.ClientAuth#REQUIRE}
 * with the cluster CA as trusted certificates makes it mutual TLS. For a client, the chain and key
 * are the client certificate it presents when the server asks for one, and the trusted
 * certificates (required) are the CA the server's certificate is checked against; gRPC checks the
 * server's name against the target host as well. The files are read once, when the context is
 * made: a changed certificate needs a restart of the process (no reload as on the client ports).
 *
 * <p>Stateless and thread-safe.
 */
public final class GrpcTls {
  private static final Logger log = LoggerFactory.getLogger(GrpcTls.class);

  private GrpcTls() {}

  /** The server context for the gRPC port named {@code role}; IllegalStateException when the files do not load. */
  public static SslContext serverContext(TlsSettings s, String role) {
    SslProvider provider = provider(s.engine());
    try {
      SslContextBuilder b = GrpcSslContexts.configure(
          SslContextBuilder.forServer(s.certificateChain().toFile(), s.privateKey().toFile()), provider)
          .protocols(TlsSettings.PROTOCOLS)
          .clientAuth(switch (s.clientAuth()) {
            case NONE -> ClientAuth.NONE;
            case OPTIONAL -> ClientAuth.OPTIONAL;
            case REQUIRE -> ClientAuth.REQUIRE;
          });
      s.trustedCertificates().ifPresent(ca -> b.trustManager(ca.toFile()));
      SslContext context = b.build();
      log.info("{} gRPC server TLS: engine {}, protocols {}, client certificates {}", role, engineName(provider),
          TlsSettings.PROTOCOLS, s.clientAuth());
      return context;
    } catch (SSLException | RuntimeException e) {
      throw new IllegalStateException("cannot set up TLS for the " + role + " gRPC server from " + s + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Puts TLS with {@code tls} (null: none, the server stays plaintext) on a gRPC server being
   * built for {@code role}: the server context and the settings' handshake timeout.
   */
  public static NettyServerBuilder secure(NettyServerBuilder builder, TlsSettings tls, String role) {
    if (tls != null) {
      builder.sslContext(serverContext(tls, role))
          .handshakeTimeout(tls.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    return builder;
  }

  /**
   * The client context for calls to {@code role}: trusts the settings' trusted certificates
   * (IllegalStateException without them) and presents the chain and key as its client certificate.
   */
  public static SslContext clientContext(TlsSettings s, String role) {
    if (s.trustedCertificates().isEmpty()) {
      throw new IllegalStateException("TLS for gRPC calls to " + role + " needs trustedCertificates "
          + "(the CA that signs the servers' certificates)");
    }
    SslProvider provider = provider(s.engine());
    try {
      SslContext context = GrpcSslContexts.configure(SslContextBuilder.forClient(), provider)
          .protocols(TlsSettings.PROTOCOLS)
          .trustManager(s.trustedCertificates().get().toFile())
          .keyManager(s.certificateChain().toFile(), s.privateKey().toFile())
          .build();
      log.info("gRPC client TLS to {}: engine {}, protocols {}, client certificate {}", role, engineName(provider),
          TlsSettings.PROTOCOLS, s.certificateChain());
      return context;
    } catch (SSLException | RuntimeException e) {
      throw new IllegalStateException("cannot set up TLS for gRPC calls to " + role + " from " + s + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * The engine {@code engine} selects in grpc-netty-shaded: its bundled OpenSSL (BoringSSL) when
   * it loads (or required), else the JDK's. IllegalStateException for OPENSSL when it does not load.
   */
  public static SslProvider provider(TlsSettings.Engine engine) {
    return switch (engine) {
      case JDK -> SslProvider.JDK;
      case OPENSSL -> {
        if (!OpenSsl.isAvailable()) {
          throw new IllegalStateException("grpc-netty-shaded's OpenSSL TLS engine does not load: "
              + OpenSsl.unavailabilityCause());
        }
        yield SslProvider.OPENSSL;
      }
      case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    };
  }

  /** "OpenSSL (BoringSSL, grpc-netty-shaded)" or "JDK". */
  public static String engineName(SslProvider provider) {
    return provider == SslProvider.JDK ? "JDK"
        : "OpenSSL (" + OpenSsl.versionString() + ", bundled in grpc-netty-shaded)";
  }
}
