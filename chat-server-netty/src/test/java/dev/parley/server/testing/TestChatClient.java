package dev.parley.server.testing;

import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.core.protocol.ChatProtocol.LoginRequest;
import dev.parley.server.TlsSettings;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A small blocking client of the chat wire protocol for tests, over a plain socket or, with a
 * {@link Tls}, over TLS (the handshake finished before {@code connect} returns): send frames
 * (or raw bytes), wait for a response by request id, and collect pushes (frames with request id
 * 0) in a queue read with timed waits. A reader thread owns the input; it can be started late to
 * play a client that does not read.
 *
 * <p>Thread-safe for one test thread plus the internal reader thread.
 */
public final class TestChatClient implements AutoCloseable {
  /** How long {@link #request} waits for an answer. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * How a client does TLS: the CA certificate it trusts (PEM), the host name it checks the
   * server's certificate against (endpoint identification on: {@code localhost}), and optionally
   * its own certificate for mutual TLS. The context is built once with Netty's
   * {@link SslContextBuilder} on the JDK engine, whose {@code SSLContext} makes blocking sockets.
   * Immutable and thread-safe.
   */
  public static final class Tls {
    /** The name the server's certificate must carry. */
    public static final String HOST = "localhost";

    private final SSLContext context;
    private final SSLSocketFactory factory;

    private Tls(Path trustedCa, Path chain, Path key) {
      try {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
            .protocols(TlsSettings.PROTOCOLS).trustManager(trustedCa.toFile());
        if (chain != null) {
          b.keyManager(new PresentingKeyManager(readChain(chain), readKey(key)));
        }
        this.context = ((JdkSslContext) b.build()).context();
        this.factory = context.getSocketFactory();
      } catch (SSLException e) {
        throw new IllegalStateException("cannot build the test client's TLS context", e);
      }
    }

    private static X509Certificate[] readChain(Path pem) {
      try (InputStream in = Files.newInputStream(pem)) {
        return CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(X509Certificate[]::new);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot read the certificate chain " + pem, e);
      }
    }

    private static PrivateKey readKey(Path pem) {
      try {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        return KeyFactory.getInstance("EC").generatePrivate(spec); // TestPki's keys are P-256
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot read the PKCS#8 key " + pem, e);
      }
    }

    /** Trusts the CA in {@code caPem}; presents no certificate. */
    public static Tls trusting(Path caPem) {
      return new Tls(caPem, null, null);
    }

    /**
     * Trusts the CA in {@code caPem} and presents the certificate {@code chainPem} (PEM, leaf
     * first) with its PKCS#8 P-256 key {@code keyPem}, whichever CAs the server asks for.
     */
    public static Tls withCertificate(Path caPem, Path chainPem, Path keyPem) {
      return new Tls(caPem, chainPem, keyPem);
    }

    /** The JDK context behind it, e.g. for {@code java.net.http.HttpClient.Builder.sslContext}. */
    public SSLContext sslContext() {
      return context;
    }

    /** Wraps the connected {@code plain} in TLS and finishes the handshake. */
    Socket wrap(Socket plain, int port) throws IOException {
      SSLSocket s = (SSLSocket) factory.createSocket(plain, HOST, port, true);
      SSLParameters params = s.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(params);
      s.startHandshake();
      return s;
    }
  }

  /**
   * Presents its one certificate whatever authorities the server names, as a hostile client would
   * (the JDK's own key manager would withhold a certificate from another CA and send none).
   */
  private static final class PresentingKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final X509Certificate[] chain;
    private final PrivateKey key;

    PresentingKeyManager(X509Certificate[] chain, PrivateKey key) {
      this.chain = chain;
      this.key = key;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final AtomicLong nextRequestId = new AtomicLong(1);
  private final Map<Long, CompletableFuture<Frame>> responses = new ConcurrentHashMap<>();
  private final Queue<Long> answerOrder = new ConcurrentLinkedQueue<>();
  private final LinkedList<Frame> pushes = new LinkedList<>(); // guarded by itself
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Thread reader;

  private TestChatClient(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  /** Connects and starts reading. */
  public static TestChatClient connect(String host, int port) {
    return connect(host, port, null);
  }

  /**
   * Connects, over TLS when {@code tls} is not null, and starts reading.
   *
   * @throws UncheckedIOException when the connection or the TLS handshake fails
   */
  public static TestChatClient connect(String host, int port, Tls tls) {
    TestChatClient c = open(null, host, port, 0, tls);
    c.startReading();
    return c;
  }

  /** Connects from the local address {@code source} (e.g. 127.0.0.2: any 127/8 address works on loopback) and starts reading. */
  public static TestChatClient connectFrom(String source, String host, int port) {
    return connectFrom(source, host, port, null);
  }

  /** As {@link #connectFrom(String, String, int)}, over TLS when {@code tls} is not null. */
  public static TestChatClient connectFrom(String source, String host, int port, Tls tls) {
    TestChatClient c = open(source, host, port, 0, tls);
    c.startReading();
    return c;
  }

  /** Connects with a small receive buffer and does not read until {@link #startReading()}. */
  public static TestChatClient connectWithoutReading(String host, int port, int receiveBufferBytes) {
    return open(null, host, port, receiveBufferBytes, null);
  }

  private static TestChatClient open(String source, String host, int port, int receiveBufferBytes, Tls tls) {
    Socket s = new Socket();
    try {
      if (source != null) {
        s.bind(new InetSocketAddress(source, 0));
      }
      if (receiveBufferBytes > 0) {
        s.setReceiveBufferSize(receiveBufferBytes);
      }
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), 5000);
      if (tls != null) {
        s.setSoTimeout(10_000); // the handshake only; reads after it wait as long as they need
        Socket secure = tls.wrap(s, port);
        secure.setSoTimeout(0);
        return new TestChatClient(secure);
      }
      return new TestChatClient(s);
    } catch (IOException e) {
      closeQuietly(s);
      throw new UncheckedIOException(e);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // failing anyway
    }
  }

  /** Starts the reader thread (once). */
  public synchronized void startReading() {
    if (reader == null) {
      reader = new Thread(this::readLoop, "test-chat-client-reader");
      reader.setDaemon(true);
      reader.start();
    }
  }

  /** Sends a Login with {@code token} and returns the answer (a LoginResponse or an Error). */
  public Frame login(String token) {
    return request(Frame.newBuilder().setLogin(LoginRequest.newBuilder().setToken(token)));
  }

  /** Sends {@code frame} with a fresh request id and waits for its answer. */
  public Frame request(Frame.Builder frame) {
    return awaitResponse(send(frame), DEFAULT_TIMEOUT);
  }

  /** Sends {@code frame} with a fresh request id; returns the id. */
  public long send(Frame.Builder frame) {
    long id = nextRequestId.getAndIncrement();
    responses.computeIfAbsent(id, k -> new CompletableFuture<>());
    sendFrame(frame.setRequestId(id).build());
    return id;
  }

  /** Writes one length-prefixed frame as it is (request id included). */
  public void sendFrame(Frame frame) {
    try {
      synchronized (out) {
        frame.writeDelimitedTo(out);
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes raw bytes, e.g. a malformed frame. */
  public void sendRaw(byte[] bytes) {
    try {
      synchronized (out) {
        out.write(bytes);
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the answer to request {@code requestId}. @throws AssertionError on timeout */
  public Frame awaitResponse(long requestId, Duration timeout) {
    CompletableFuture<Frame> f = responses.computeIfAbsent(requestId, k -> new CompletableFuture<>());
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer to request " + requestId + " within " + timeout
          + (isClosed() ? " (connection closed)" : ""));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  /** Removes and returns the first push of type {@code type}, waiting up to {@code timeout}; null if none came. */
  public Frame awaitPush(BodyCase type, Duration timeout) {
    return awaitPush(f -> f.getBodyCase() == type, timeout);
  }

  /** Removes and returns the first push matching {@code match}, waiting up to {@code timeout}; null if none came. */
  public Frame awaitPush(Predicate<Frame> match, Duration timeout) {
    return PushWaits.take(pushes, match, timeout);
  }

  /** The request ids of the answers received so far, in the order they arrived. */
  public List<Long> answerOrder() {
    return List.copyOf(answerOrder);
  }

  /** The pushes received and not yet taken. */
  public List<Frame> pushes() {
    synchronized (pushes) {
      return new ArrayList<>(pushes);
    }
  }

  /** Waits until the server has closed the connection (the reader saw end of stream or an error). */
  public boolean awaitClosed(Duration timeout) {
    startReading();
    try {
      return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public boolean isClosed() {
    return closed.getCount() == 0;
  }

  private void readLoop() {
    try (InputStream in = new BufferedInputStream(socket.getInputStream())) {
      Frame f;
      while ((f = Frame.parseDelimitedFrom(in)) != null) {
        accept(f);
      }
    } catch (IOException e) {
      // a reset or our own close: either way the connection is over
    } finally {
      closed.countDown();
    }
  }

  private void accept(Frame f) {
    if (f.getRequestId() != 0) {
      answerOrder.add(f.getRequestId());
      responses.computeIfAbsent(f.getRequestId(), k -> new CompletableFuture<>()).complete(f);
      return;
    }
    synchronized (pushes) {
      pushes.add(f);
      pushes.notifyAll();
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
