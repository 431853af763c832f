package dev.parley.sdk;

import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.Platform;
import dev.parley.netty.internal.DaemonThreads;
import dev.parley.sdk.internal.ClientTls;
import dev.parley.sdk.internal.DeviceIds;
import dev.parley.sdk.internal.Failures;
import dev.parley.sdk.internal.GateClient;
import dev.parley.sdk.internal.SessionOpener;
import dev.parley.sdk.internal.SessionSettings;
import dev.parley.sdk.internal.SessionSettings.DeviceSettings;
import dev.parley.sdk.internal.Transport;
import dev.parley.sdk.store.LocalStore;
import dev.parley.sdk.store.LocalStoreFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.TrustManagerFactory;

/**
 * The entry point of the SDK: account calls against the gate (verification codes, registration,
 * password reset, login) and chat sessions. Build one per application with {@link #builder()} and
 * share it: it is immutable and thread-safe, and all its sessions share one event loop group.
 * {@link #close()} closes its sessions and releases its threads.
 *
 * <p>Each account call has a blocking form that throws {@link dev.parley.core.ChatException}
 * (the gate's {@link dev.parley.core.ErrorCode}; {@code RATE_LIMITED} carries
 * {@link dev.parley.core.ChatException#retryAfter()}) and an {@code ...Async} form whose future
 * fails with that exception.
 *
 * <p>TLS: an {@code https} gate URL, and every chat node whose address (from the gate) says
 * {@code "tls": true}, is reached over TLSv1.3/1.2 with the builder's trust settings: the JVM's
 * default trust store unless {@link Builder#trustedCertificates} or
 * {@link Builder#trustManagerFactory} say otherwise, an optional client certificate for mutual
 * TLS, and hostname verification on. The chat protocol runs over TCP or, with
 * {@link Builder#transport}, over a WebSocket.
 *
 * <p>Devices: every login names this installation's device ({@link #deviceId()}, from
 * {@link Builder#deviceId} or the local store factory) and its {@link Platform}. A user may be
 * logged in on several devices at once (within the server's login policy); each device has its own
 * local store and sees the same mailbox.
 *
 * <pre>{@code
 * ParleyClient client = ParleyClient.builder().gateUrl(URI.create("https://chat.example.com"))
 *     .trustedCertificates(Path.of("ca.pem")).build();
 * ChatSession session = client.connect("ada@example.com", "correct horse battery", listener);
 * session.sendMessage(friendId, "hello");
 * }</pre>
 */
public final class ParleyClient implements AutoCloseable {
  private final Builder config;
  private final Transport transport;
  private final ExecutorService ownedCallbackExecutor;
  private final ExecutorService httpExecutor;
  private final GateClient gate;
  private final SessionOpener opener;
  private final Set<ChatSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DeviceSettings device;

  private ParleyClient(Builder b, ClientTls tls, DeviceSettings device) {
    this.config = b.copy();
    this.device = device;
    this.transport = new Transport(b.ioThreads, b.preferNativeTransport);
    this.ownedCallbackExecutor = b.executor == null ? Executors.newCachedThreadPool(DaemonThreads.named("parley-callback-")) : null;
    this.httpExecutor = Executors.newCachedThreadPool(DaemonThreads.named("parley-http-"));
    this.gate = new GateClient(b.gateUrl, b.connectTimeout, b.requestTimeout, httpExecutor, tls, device);
    SessionSettings settings = new SessionSettings(b.connectTimeout, b.requestTimeout, b.heartbeatInterval,
        b.reconnectPolicy, b.executor != null ? b.executor : ownedCallbackExecutor, b.sendQueueCapacity,
        b.sendTimeout, b.maxFrameBytes, b.transport, tls, device, b.readOnDelivery);
    this.opener = new SessionOpener(transport, settings, gate);
  }

  /** A builder with the defaults; only {@link Builder#gateUrl} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The gate this client talks to. */
  public URI gateUrl() {
    return config.gateUrl;
  }

  /**
   * This installation's device id, sent with every login: {@link Builder#deviceId}, else the local
   * store factory's {@link LocalStoreFactory#deviceId()}, else a random one made for this client.
   */
  public String deviceId() {
    return device.deviceId();
  }

  /** The platform sent with every login ({@link Builder#platform}; default DESKTOP). */
  public Platform platform() {
    return device.platform();
  }

  /** Whether the native epoll transport is in use (NIO otherwise). */
  public boolean usesNativeTransport() {
    return transport.isNative();
  }

  /** Mails a verification code for {@code purpose} to {@code email}. */
  public void requestVerificationCode(String email, CodePurpose purpose) {
    opener.blocking().await(requestVerificationCodeAsync(email, purpose));
  }

  /** Asynchronous {@link #requestVerificationCode}. */
  public CompletableFuture<Void> requestVerificationCodeAsync(String email, CodePurpose purpose) {
    return unwrapped(gate.requestVerificationCode(email, Objects.requireNonNull(purpose, "purpose")));
  }

  /** Creates an account with the code mailed for {@link CodePurpose#REGISTER}. */
  public Registration register(String email, String name, String password, String code) {
    return opener.blocking().await(registerAsync(email, name, password, code));
  }

  /** Asynchronous {@link #register}. */
  public CompletableFuture<Registration> registerAsync(String email, String name, String password, String code) {
    return unwrapped(gate.register(email, name, password, code));
  }

  /** Sets a new password with the code mailed for {@link CodePurpose#RESET_PASSWORD}. */
  public void resetPassword(String email, String code, String newPassword) {
    opener.blocking().await(resetPasswordAsync(email, code, newPassword));
  }

  /** Asynchronous {@link #resetPassword}. */
  public CompletableFuture<Void> resetPasswordAsync(String email, String code, String newPassword) {
    return unwrapped(gate.resetPassword(email, code, newPassword));
  }

  /**
   * Checks the password at the gate and returns a token, bound to this client's device
   * ({@link #deviceId()}), and the chat node to use.
   */
  public LoginResult login(String email, String password) {
    return opener.blocking().await(loginAsync(email, password));
  }

  /** Asynchronous {@link #login}. */
  public CompletableFuture<LoginResult> loginAsync(String email, String password) {
    return unwrapped(gate.login(email, password));
  }

  /**
   * Connects to the chat node {@code login} names and logs in; returns once logged in. The session
   * then stays connected by itself until closed (see {@link ChatSession}). Its local store comes
   * from the builder's {@link Builder#localStore} or {@link Builder#localStoreFactory} (opened
   * for the user and the login's device).
   */
  public ChatSession openSession(LoginResult login, ChatListener listener) {
    return opener.blocking().await(openSessionAsync(login, listener));
  }

  /** Asynchronous {@link #openSession}: completes once logged in on the chat node. */
  public CompletableFuture<ChatSession> openSessionAsync(LoginResult login, ChatListener listener) {
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(listener, "listener");
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("client is closed"));
    }
    boolean owns = config.localStore == null;
    CompletableFuture<ChatSession> opened;
    try {
      String deviceId = login.deviceId().isEmpty() ? device.deviceId() : login.deviceId();
      LocalStore store = owns ? config.localStoreFactory.open(login.userId(), deviceId) : config.localStore;
      opened = opener.open(login, listener, store, owns, sessions::remove);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return opened.thenApply(this::track);
  }

  /** {@link #login} then {@link #openSession}. */
  public ChatSession connect(String email, String password, ChatListener listener) {
    return opener.blocking().await(connectAsync(email, password, listener));
  }

  /** Asynchronous {@link #connect}. */
  public CompletableFuture<ChatSession> connectAsync(String email, String password, ChatListener listener) {
    return loginAsync(email, password).thenCompose(login -> openSessionAsync(login, listener));
  }

  /**
   * Logs in at the gate with a JWT the host application minted for its user
   * ({@code POST /api/v1/sessions} with {@code {"jwt": ...}}): the gate checks it, finds or makes
   * the Parley account and answers a Parley session token for this client's device, as a password
   * login does. INVALID_CREDENTIALS for any token the deployment does not accept,
   * ACCOUNT_DISABLED for a disabled account, FORBIDDEN where the gate takes no JWTs.
   */
  public LoginResult loginWithToken(String jwt) {
    return opener.blocking().await(loginWithTokenAsync(jwt));
  }

  /** Asynchronous {@link #loginWithToken}. */
  public CompletableFuture<LoginResult> loginWithTokenAsync(String jwt) {
    Objects.requireNonNull(jwt, "jwt");
    return unwrapped(gate.loginWithJwt(jwt));
  }

  /**
   * {@link #loginWithToken} then {@link #openSession}: the session's reconnects use the Parley
   * session token the login answered, not the JWT (which may expire long before it).
   */
  public ChatSession connectWithToken(String jwt, ChatListener listener) {
    return opener.blocking().await(connectWithTokenAsync(jwt, listener));
  }

  /** Asynchronous {@link #connectWithToken}. */
  public CompletableFuture<ChatSession> connectWithTokenAsync(String jwt, ChatListener listener) {
    return loginWithTokenAsync(jwt).thenCompose(login -> openSessionAsync(login, listener));
  }

  /** Sessions opened by this client that have not ended. */
  public List<ChatSession> sessions() {
    return List.copyOf(sessions);
  }

  /** Closes every session, then stops the client's threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sessions.forEach(ChatSession::close);
    transport.shutdown(Duration.ofSeconds(2));
    httpExecutor.shutdown();
    if (ownedCallbackExecutor != null) {
      ownedCallbackExecutor.shutdown();
      awaitQuietly(ownedCallbackExecutor);
    }
  }

  private ChatSession track(ChatSession session) {
    sessions.add(session);
    if (session.state() == ConnectionState.DISCONNECTED) {
      sessions.remove(session); // ended before it was tracked
    }
    return session;
  }

  private static <T> CompletableFuture<T> unwrapped(CompletableFuture<T> future) {
    CompletableFuture<T> result = new CompletableFuture<>();
    future.whenComplete((value, error) -> {
      if (error != null) {
        result.completeExceptionally(Failures.chatException(error));
      } else {
        result.complete(value);
      }
    });
    return result;
  }

  private static void awaitQuietly(ExecutorService executor) {
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ParleyClient[gate=" + config.gateUrl + ", device=" + device.deviceId() + ", sessions=" + sessions.size() + "]";
  }

  /**
   * Configures a {@link ParleyClient}. One-argument checks happen in the setters, the rest in
   * {@link #build()}. Not thread-safe; the client copies it, so reusing a builder is safe.
   */
  public static final class Builder {
    private URI gateUrl;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration heartbeatInterval = Duration.ofSeconds(15);
    private Duration sendTimeout = Duration.ofMinutes(1);
    private ReconnectPolicy reconnectPolicy = ReconnectPolicy.defaults();
    private java.util.concurrent.Executor executor;
    private LocalStore localStore;
    private LocalStoreFactory localStoreFactory = LocalStoreFactory.inMemory();
    private int sendQueueCapacity = 1000;
    private int maxFrameBytes = 8 * 1024 * 1024;
    private int ioThreads = 1;
    private boolean preferNativeTransport = true;
    private ChatTransport transport = ChatTransport.TCP;
    private Path trustedCertificates;
    private TrustManagerFactory trustManagerFactory;
    private Path clientCertificateChain;
    private Path clientPrivateKey;
    private boolean skipHostnameVerification;
    private String deviceId;
    private Platform platform = Platform.DESKTOP;
    private String deviceName = "";
    private boolean readOnDelivery = true;

    private Builder() {}

    /**
     * Whether a message counts as read as soon as the listener has it (true, the default: the
     * session acknowledges every delivered message, as a client without a UI of its own wants), or
     * only up to what the application passes to {@link ChatSession#markRead} (false: a UI that
     * shows unread counts and marks a conversation read when the user opens it). The read position
     * is the user's across devices: the other devices hear it ({@link ChatListener#onReadPosition}),
     * and the peers get read receipts when the deployment enables them.
     */
    public Builder readOnDelivery(boolean v) {
      this.readOnDelivery = v;
      return this;
    }

    /**
     * The gate's base address, e.g. {@code https://chat.example.com}. Required. An {@code https}
     * gate is checked against the trust settings ({@link #trustedCertificates} etc.).
     */
    public Builder gateUrl(URI url) {
      Objects.requireNonNull(url, "gateUrl");
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("gateUrl must be http or https, was " + url);
      }
      this.gateUrl = url;
      return this;
    }

    /** TCP and HTTP connect timeout; default 5 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** How long each gate call and chat request waits for its answer; default 10 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    /**
     * How long a connection may stay silent before the session pings the node; default 15 s. With
     * no frame from the node for three intervals the connection counts as dead and is replaced.
     */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = positive("heartbeatInterval", interval);
      return this;
    }

    /** How long a send may wait for a connection (while reconnecting) before it fails; default 1 min. */
    public Builder sendTimeout(Duration timeout) {
      this.sendTimeout = positive("sendTimeout", timeout);
      return this;
    }

    /** When to reconnect after a lost connection; default {@link ReconnectPolicy#defaults()}. */
    public Builder reconnectPolicy(ReconnectPolicy policy) {
      this.reconnectPolicy = Objects.requireNonNull(policy, "reconnectPolicy");
      return this;
    }

    /**
     * Where listener callbacks and the continuations of returned futures run. The client does not
     * shut it down. Default: a pool of daemon threads the client owns.
     */
    public Builder executor(java.util.concurrent.Executor callbackExecutor) {
      this.executor = Objects.requireNonNull(callbackExecutor, "executor");
      return this;
    }

    /**
     * Every session uses this one store (owned by the application, which closes it). Suits a client
     * that logs in as one user; a store refuses a second user.
     */
    public Builder localStore(LocalStore store) {
      this.localStore = Objects.requireNonNull(store, "localStore");
      return this;
    }

    /** Each session opens its store here and closes it when it ends; default in memory. */
    public Builder localStoreFactory(LocalStoreFactory factory) {
      this.localStoreFactory = Objects.requireNonNull(factory, "localStoreFactory");
      this.localStore = null;
      return this;
    }

    /**
     * This installation's device id: 1 to 64 of {@code A-Z a-z 0-9 . _ : -}, the same on every run
     * of the installation. A login from the same device id replaces that device's older session;
     * the token the gate issues works for this device only. Default: the local store factory's
     * ({@link LocalStoreFactory#mvStore} keeps one in its directory), else random per client.
     *
     * @throws IllegalArgumentException when the id is not valid
     */
    public Builder deviceId(String id) {
      this.deviceId = DeviceIds.checked(id);
      return this;
    }

    /** What kind of device this is; the server's login policy may allow one session per platform. Default DESKTOP. */
    public Builder platform(Platform devicePlatform) {
      this.platform = Objects.requireNonNull(devicePlatform, "platform");
      return this;
    }

    /**
     * A name for this device that the user's other devices see in
     * {@link ChatSession#listDevices()} ("Ann's laptop"): at most 64 characters, no control
     * characters, stripped. Default: none.
     *
     * @throws IllegalArgumentException when too long or with control characters
     */
    public Builder deviceName(String name) {
      this.deviceName = DeviceIds.checkedName(name);
      return this;
    }

    /** Most sends a session holds without an ack (queued while reconnecting, or in flight); default 1000. */
    public Builder sendQueueCapacity(int capacity) {
      this.sendQueueCapacity = atLeast("sendQueueCapacity", capacity, 1);
      return this;
    }

    /** Largest frame accepted from a node; default 8 MiB. */
    public Builder maxFrameBytes(int bytes) {
      this.maxFrameBytes = atLeast("maxFrameBytes", bytes, 1024);
      return this;
    }

    /** Network threads shared by all sessions; default 1. */
    public Builder ioThreads(int threads) {
      this.ioThreads = atLeast("ioThreads", threads, 1);
      return this;
    }

    /** Use epoll when available (default true); NIO otherwise. */
    public Builder preferNativeTransport(boolean prefer) {
      this.preferNativeTransport = prefer;
      return this;
    }

    /**
     * How sessions reach their chat node: {@link ChatTransport#TCP} (default) or
     * {@link ChatTransport#WEBSOCKET}. TLS is used either way exactly when the node's address says
     * {@code tls}.
     */
    public Builder transport(ChatTransport chatTransport) {
      this.transport = Objects.requireNonNull(chatTransport, "transport");
      return this;
    }

    /**
     * Trust exactly the certificates in this PEM file (usually the certificate authority that
     * signed the gate's and the nodes' certificates) instead of the JVM's default trust store.
     * Replaces a {@link #trustManagerFactory}. The file is read by {@link #build()}.
     */
    public Builder trustedCertificates(Path pemFile) {
      this.trustedCertificates = readable("trustedCertificates", pemFile);
      this.trustManagerFactory = null;
      return this;
    }

    /**
     * Decide trust with this factory (initialised by the caller) instead of the JVM's default
     * trust store. Replaces {@link #trustedCertificates}.
     */
    public Builder trustManagerFactory(TrustManagerFactory factory) {
      this.trustManagerFactory = Objects.requireNonNull(factory, "trustManagerFactory");
      this.trustedCertificates = null;
      return this;
    }

    /**
     * Present this client certificate when the gate or a node asks for one (mutual TLS):
     * {@code chainPem} holds the certificate (and any intermediates, leaf first), {@code keyPem}
     * its unencrypted PKCS#8 private key. Default: none.
     */
    public Builder clientCertificate(Path chainPem, Path keyPem) {
      this.clientCertificateChain = readable("clientCertificate chain", chainPem);
      this.clientPrivateKey = readable("clientCertificate key", keyPem);
      return this;
    }

    /**
     * <b>For tests only.</b> Accept a gate or node certificate whose names do not match the host
     * connected to, as long as its chain is trusted. This lets anyone holding any certificate from
     * a trusted authority impersonate the server; never use it in production. Default: hostnames
     * are verified.
     */
    public Builder insecureSkipHostnameVerification() {
      this.skipHostnameVerification = true;
      return this;
    }

    /**
     * Checks the settings together, reads the TLS files and builds the client.
     *
     * @throws IllegalStateException when a setting is missing, the TLS files cannot be used, or the
     *     local store factory cannot tell the device id (e.g. its directory is not writable)
     */
    public ParleyClient build() {
      if (gateUrl == null) {
        throw new IllegalStateException("gateUrl is required");
      }
      if (heartbeatInterval.compareTo(Duration.ofMillis(10)) < 0) {
        throw new IllegalStateException("heartbeatInterval " + heartbeatInterval + " is below 10 ms");
      }
      ClientTls tls = new ClientTls(trustedCertificates != null ? ClientTls.trustFromPem(trustedCertificates)
          : trustManagerFactory, clientCertificateChain, clientPrivateKey, !skipHostnameVerification);
      return new ParleyClient(this, tls, new DeviceSettings(resolveDeviceId(), platform, deviceName));
    }

    /** The builder's device id, else the store factory's (checked), else a random one. */
    private String resolveDeviceId() {
      if (deviceId != null) {
        return deviceId;
      }
      String fromStore;
      try {
        fromStore = localStoreFactory.deviceId();
      } catch (RuntimeException e) {
        throw new IllegalStateException("the local store factory could not tell the device id: " + e.getMessage(), e);
      }
      if (fromStore == null) {
        return DeviceIds.random();
      }
      if (!DeviceIds.isValid(fromStore)) {
        throw new IllegalStateException("the local store factory's device id is not valid: \"" + fromStore + "\"");
      }
      return fromStore;
    }

    private Builder copy() {
      Builder b = new Builder();
      b.gateUrl = gateUrl;
      b.connectTimeout = connectTimeout;
      b.requestTimeout = requestTimeout;
      b.heartbeatInterval = heartbeatInterval;
      b.sendTimeout = sendTimeout;
      b.reconnectPolicy = reconnectPolicy;
      b.executor = executor;
      b.localStore = localStore;
      b.localStoreFactory = localStoreFactory;
      b.sendQueueCapacity = sendQueueCapacity;
      b.maxFrameBytes = maxFrameBytes;
      b.ioThreads = ioThreads;
      b.preferNativeTransport = preferNativeTransport;
      b.transport = transport;
      b.trustedCertificates = trustedCertificates;
      b.trustManagerFactory = trustManagerFactory;
      b.clientCertificateChain = clientCertificateChain;
      b.clientPrivateKey = clientPrivateKey;
      b.skipHostnameVerification = skipHostnameVerification;
      b.deviceId = deviceId;
      b.platform = platform;
      b.deviceName = deviceName;
      return b;
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }

    private static Path readable(String name, Path file) {
      Objects.requireNonNull(file, name);
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException(name + " file " + file + " does not exist or is not readable");
      }
      return file;
    }

    private static int atLeast(String name, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
      }
      return value;
    }
  }
}
