package dev.parley.sdk.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A client's TLS, made once from its trust settings and used for both of its kinds of connection:
 * the gate (through {@link #sslContext()} and {@link #sslParameters()} on the JDK's
 * {@code HttpClient}) and the chat nodes (through {@link #newHandler}, a Netty {@link SslHandler}).
 * One Netty {@link SslContext} on the JDK engine is the source of both, so the gate and the nodes
 * trust exactly the same certificates and present the same client certificate. TLSv1.3 and
 * TLSv1.2 only. Hostnames are verified (endpoint identification {@code HTTPS}: the name the client
 * connects to must be in the certificate) unless {@code verifyHostnames} is false, which checks
 * only the chain. Immutable and thread-safe.
 */
public final class ClientTls {
  /** The protocols offered, newest first. */
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final SslContext context;
  private final boolean verifyHostnames;

  /**
   * TLS that trusts {@code trust} (the JDK's default when null), presents the client certificate
   * in {@code clientChain} (PEM, leaf first) with its key {@code clientKey} (PEM, PKCS#8) when
   * both are set, and verifies hostnames unless {@code verifyHostnames} is false.
   *
   * @throws IllegalStateException when the trust or the key material cannot be used; the message
   *     names the files
   */
  public ClientTls(TrustManagerFactory trust, Path clientChain, Path clientKey, boolean verifyHostnames) {
    this.verifyHostnames = verifyHostnames;
    TrustManagerFactory factory = trust != null ? trust : systemTrust();
    SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(PROTOCOLS)
        .endpointIdentificationAlgorithm(verifyHostnames ? "HTTPS" : null);
    if (verifyHostnames) {
      builder.trustManager(factory);
    } else {
      builder.trustManager(new ChainOnlyTrustManager(x509(factory)));
    }
    try {
      if (clientChain != null) {
        builder.keyManager(clientChain.toFile(), clientKey.toFile());
      }
      this.context = builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      String what = clientChain == null ? "TLS settings" : "client certificate " + clientChain + " / key " + clientKey;
      throw new IllegalStateException("cannot use the " + what + ": " + e.getMessage(), e);
    }
  }

  /** The JDK's default trust: the certificate authorities of the running JVM. */
  public static TrustManagerFactory systemTrust() {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      return factory;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM's default trust store cannot be loaded: " + e.getMessage(), e);
    }
  }

  /**
   * Trust in exactly the certificates of a PEM file (one or more {@code CERTIFICATE} blocks,
   * usually the certificate authority that signed the servers').
   *
   * @throws IllegalStateException when the file cannot be read or holds no certificate
   */
  public static TrustManagerFactory trustFromPem(Path pemFile) {
    try (InputStream in = Files.newInputStream(pemFile)) {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalStateException("no certificate in " + pemFile);
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("trusted-" + i++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read trusted certificates from " + pemFile + ": " + e.getMessage(), e);
    }
  }

  /** Whether hostnames are verified. */
  public boolean verifiesHostnames() {
    return verifyHostnames;
  }

  /** For the gate's {@code HttpClient}: the same keys and trust as the chat connections. */
  public SSLContext sslContext() {
    return ((JdkSslContext) context).context();
  }

  /** For the gate's {@code HttpClient}: TLSv1.3 and TLSv1.2 only (it adds hostname verification itself). */
  public SSLParameters sslParameters() {
    SSLParameters parameters = sslContext().getDefaultSSLParameters();
    parameters.setProtocols(PROTOCOLS);
    return parameters;
  }

  /**
   * A handler for a connection to {@code host}:{@code port}: the host is sent as SNI and, unless
   * hostname verification is off, must match the node's certificate. The handshake fails after
   * {@code handshakeTimeout}.
   */
  public SslHandler newHandler(ByteBufAllocator alloc, String host, int port, Duration handshakeTimeout) {
    SslHandler handler = context.newHandler(alloc, host, port);
    SSLEngine engine = handler.engine();
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm(verifyHostnames ? "HTTPS" : null);
    engine.setSSLParameters(parameters);
    handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
    return handler;
  }

  private static X509TrustManager x509(TrustManagerFactory factory) {
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("the trust manager factory (" + factory.getAlgorithm() + ") has no X509TrustManager");
  }
}
