package dev.parley.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one listening port (gate, chat-node client port, WebSocket port, or a gRPC role) does TLS,
 * the same for every port: a PEM certificate chain and its PEM private key (PKCS#8, unencrypted),
 * optionally PEM certificates to trust (the CA whose client certificates are accepted when
 * {@link ClientAuth} is not {@code NONE}; for gRPC clients, also the CA that signs the servers they
 * call), protocols TLSv1.3 and TLSv1.2 only, a handshake timeout, and the engine.
 *
 * <p>The certificate files are re-read when they change on disk: every {@link #reloadInterval()}
 * (default 30 s) a background thread compares their modification times and sizes and, when they
 * changed and still parse, later handshakes use the new certificate (connections already open keep
 * theirs). gRPC ports read the files once; a changed certificate there needs a restart.
 *
 * <p>Immutable and thread-safe; made by {@link #builder()}.
 */
public final class TlsSettings {
  /** Whether a TLS server asks for the peer's certificate. */
  public enum ClientAuth {
    /** The server asks for no certificate. */
    NONE,
    /** The server asks; a client without one is accepted, one with a bad one is refused. */
    OPTIONAL,
    /** Mutual TLS: a client without a certificate signed by the trusted certificates is refused. */
    REQUIRE
  }

  /** Which TLS implementation runs. */
  public enum Engine {
    /** OpenSSL (BoringSSL via netty-tcnative) when its native library loads, else the JDK's. */
    AUTO,
    /** OpenSSL only; starting fails when it cannot load. */
    OPENSSL,
    /** The JDK's {@code SSLEngine}. */
    JDK
  }

  /** The only protocols offered: TLSv1.3 and TLSv1.2. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final Path certificateChain;
  private final Path privateKey;
  private final Path trustedCertificates;
  private final ClientAuth clientAuth;
  private final Engine engine;
  private final Duration handshakeTimeout;
  private final Duration reloadInterval;

  private TlsSettings(Builder b) {
    this.certificateChain = b.certificateChain;
    this.privateKey = b.privateKey;
    this.trustedCertificates = b.trustedCertificates;
    this.clientAuth = b.clientAuth;
    this.engine = b.engine;
    this.handshakeTimeout = b.handshakeTimeout;
    this.reloadInterval = b.reloadInterval;
  }

  /** A builder; certificate chain and private key are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Server TLS from a PEM chain and key, no client certificates, the default engine and timeouts. */
  public static TlsSettings of(Path certificateChain, Path privateKey) {
    return builder().certificateChain(certificateChain).privateKey(privateKey).build();
  }

  public Path certificateChain() {
    return certificateChain;
  }

  public Path privateKey() {
    return privateKey;
  }

  /** The PEM certificates trusted for peers' certificates, if set. */
  public Optional<Path> trustedCertificates() {
    return Optional.ofNullable(trustedCertificates);
  }

  public ClientAuth clientAuth() {
    return clientAuth;
  }

  public Engine engine() {
    return engine;
  }

  /** A handshake not finished within this is closed; default 10 s. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** How often the files are checked for changes; zero: never. Default 30 s. */
  public Duration reloadInterval() {
    return reloadInterval;
  }

  @Override
  public String toString() {
    return "TlsSettings[chain=" + certificateChain + ", key=" + privateKey + ", trusted=" + trustedCertificates
        + ", clientAuth=" + clientAuth + ", engine=" + engine + "]";
  }

  /** Not thread-safe. */
  public static final class Builder {
    private Path certificateChain;
    private Path privateKey;
    private Path trustedCertificates;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private Engine engine = Engine.AUTO;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration reloadInterval = Duration.ofSeconds(30);

    private Builder() {}

    /** PEM file: this server's certificate first, then its intermediates. */
    public Builder certificateChain(Path pem) {
      this.certificateChain = Objects.requireNonNull(pem, "certificateChain");
      return this;
    }

    /** PEM file: the certificate's private key, PKCS#8 unencrypted ({@code openssl pkcs8 -topk8 -nocrypt}). */
    public Builder privateKey(Path pem) {
      this.privateKey = Objects.requireNonNull(pem, "privateKey");
      return this;
    }

    /** PEM file of the CA certificates trusted for peer certificates (required unless client auth is NONE). */
    public Builder trustedCertificates(Path pem) {
      this.trustedCertificates = Objects.requireNonNull(pem, "trustedCertificates");
      return this;
    }

    public Builder clientAuth(ClientAuth clientAuth) {
      this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
      return this;
    }

    public Builder engine(Engine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = BuilderChecks.positive("handshakeTimeout", timeout);
      return this;
    }

    public Builder reloadInterval(Duration interval) {
      this.reloadInterval = BuilderChecks.nonNegative("reloadInterval", interval);
      return this;
    }

    /**
     * The settings; IllegalStateException when the chain or key is missing, a file is not readable,
     * or client auth is asked for without trusted certificates.
     */
    public TlsSettings build() {
      if (certificateChain == null || privateKey == null) {
        throw new IllegalStateException("TLS needs certificateChain and privateKey");
      }
      readable("certificateChain", certificateChain);
      readable("privateKey", privateKey);
      if (trustedCertificates != null) {
        readable("trustedCertificates", trustedCertificates);
      }
      if (clientAuth != ClientAuth.NONE && trustedCertificates == null) {
        throw new IllegalStateException("clientAuth " + clientAuth + " needs trustedCertificates");
      }
      return new TlsSettings(this);
    }

    private static void readable(String what, Path file) {
      if (!Files.isReadable(file)) {
        throw new IllegalStateException(what + " " + file + " is not a readable file");
      }
    }
  }
}
