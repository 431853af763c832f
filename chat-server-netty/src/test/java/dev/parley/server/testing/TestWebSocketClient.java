package dev.parley.server.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.core.protocol.ChatProtocol.LoginRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A small blocking client of the chat protocol over {@code java.net.http.WebSocket} for tests: in
 * {@link Mode#BINARY} each frame goes as one binary message of protobuf bytes, in
 * {@link Mode#JSON} as one text message of its proto3 JSON. Incoming messages of either kind are
 * parsed into frames; responses are matched by request id, pushes (request id 0) queue for timed
 * waits, and the close status the server sent is kept.
 *
 * <p>Thread-safe for one test thread plus the JDK client's listener thread.
 */
public final class TestWebSocketClient implements AutoCloseable {
  /** How each frame is sent. */
  public enum Mode { BINARY, JSON }

  /** How long {@link #request} waits for an answer. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final JsonFormat.Printer JSON_OUT = JsonFormat.printer().omittingInsignificantWhitespace();

  private final Mode mode;
  private final AtomicLong nextRequestId = new AtomicLong(1);
  private final Map<Long, CompletableFuture<Frame>> responses = new ConcurrentHashMap<>();
  private final LinkedList<Frame> pushes = new LinkedList<>(); // guarded by itself
  private final CountDownLatch closed = new CountDownLatch(1);
  private final StringBuilder text = new StringBuilder(); // the listener thread's
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream(); // the listener thread's
  private volatile int closeStatus = -1;
  private volatile Throwable error;
  private volatile String lastTextReceived;
  private WebSocket socket;

  private TestWebSocketClient(Mode mode) {
    this.mode = mode;
  }

  /** Opens {@code ws://host:port/ws} without an Origin header or a subprotocol. */
  public static TestWebSocketClient connect(int port, Mode mode) {
    return connect(URI.create("ws://127.0.0.1:" + port + "/ws"), mode, null, null);
  }

  /**
   * Opens {@code uri}, with the given {@code Origin} header and subprotocol (each null: none).
   *
   * @throws CompletionException when the handshake fails (its cause a
   *     {@link java.net.http.WebSocketHandshakeException} holding the HTTP response)
   */
  public static TestWebSocketClient connect(URI uri, Mode mode, String origin, String subprotocol) {
    return connect(HTTP, uri, mode, origin, subprotocol);
  }

  /** As {@link #connect(URI, Mode, String, String)}, through {@code http} (e.g. one that trusts a test CA, for wss://). */
  public static TestWebSocketClient connect(HttpClient http, URI uri, Mode mode, String origin, String subprotocol) {
    TestWebSocketClient c = new TestWebSocketClient(mode);
    WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (origin != null) {
      b.header("Origin", origin);
    }
    if (subprotocol != null) {
      b.subprotocols(subprotocol);
    }
    c.socket = b.buildAsync(uri, c.new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    return c;
  }

  /** The subprotocol the server chose; empty when none. */
  public String subprotocol() {
    return socket.getSubprotocol();
  }

  /** Logs in with {@code token} and returns the answer. */
  public Frame login(String token) {
    return request(Frame.newBuilder().setLogin(LoginRequest.newBuilder().setToken(token)));
  }

  /** Sends {@code frame} with a fresh request id and waits for its answer. */
  public Frame request(Frame.Builder frame) {
    return awaitResponse(send(frame), DEFAULT_TIMEOUT);
  }

  /** Sends {@code frame} with a fresh request id (expecting an answer) and returns the id. */
  public long send(Frame.Builder frame) {
    long id = nextRequestId.getAndIncrement();
    responses.computeIfAbsent(id, k -> new CompletableFuture<>());
    sendFrame(frame.setRequestId(id).build());
    return id;
  }

  /** Sends {@code frame} as it is, in this client's mode; expects no particular answer. */
  public void sendFrame(Frame frame) {
    if (mode == Mode.JSON) {
      try {
        sendText(JSON_OUT.print(frame));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    } else {
      sendBinary(frame.toByteArray());
    }
  }

  /** Sends one text message; waits until the JDK client has written it. */
  public synchronized void sendText(String message) {
    socket.sendText(message, true).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Sends one binary message; waits until the JDK client has written it. */
  public synchronized void sendBinary(byte[] message) {
    socket.sendBinary(ByteBuffer.wrap(message), true).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Starts sending one binary message and returns at once; the future completes when it is written. */
  public synchronized CompletableFuture<WebSocket> sendBinaryWithoutWaiting(byte[] message) {
    return socket.sendBinary(ByteBuffer.wrap(message), true);
  }

  /** Sends one part of a fragmented binary message ({@code last}: the final part). */
  public synchronized void sendBinaryPart(byte[] part, boolean last) {
    socket.sendBinary(ByteBuffer.wrap(part), last).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** The answer to {@code requestId} if it has come, else null; does not wait. */
  public Frame answerIfAny(long requestId) {
    CompletableFuture<Frame> f = responses.get(requestId);
    return f == null ? null : f.getNow(null);
  }

  /** Sends a WebSocket ping; the server answers with a pong. */
  public synchronized void sendPing() {
    socket.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Waits for the answer to {@code requestId}. */
  public Frame awaitResponse(long requestId, Duration timeout) {
    try {
      return responses.computeIfAbsent(requestId, k -> new CompletableFuture<>())
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer to request " + requestId + " within " + timeout
          + (isClosed() ? " (closed, status " + closeStatus + ", error " + error + ")" : ""));
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  /** Waits for a push of {@code type} and takes it from the queue. */
  public Frame awaitPush(BodyCase type, Duration timeout) {
    return awaitPush(f -> f.getBodyCase() == type, timeout);
  }

  /** Waits for a push matching {@code match} and takes it; null when none came in time. */
  public Frame awaitPush(Predicate<Frame> match, Duration timeout) {
    return PushWaits.take(pushes, match, timeout);
  }

  /** A snapshot of the pushes not taken yet. */
  public List<Frame> pushes() {
    synchronized (pushes) {
      return List.copyOf(pushes);
    }
  }

  /** The last text message the server sent (to check the JSON it writes). */
  public String lastTextReceived() {
    return lastTextReceived;
  }

  /** Waits until the connection has closed; true when it did in time. */
  public boolean awaitClosed(Duration timeout) {
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

  /** The status of the server's close message; -1 when none came (e.g. the connection just ended). */
  public int closeStatus() {
    return closeStatus;
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.abort();
    }
  }

  private void received(Frame f) {
    if (f.getRequestId() != 0) {
      responses.computeIfAbsent(f.getRequestId(), k -> new CompletableFuture<>()).complete(f);
      return;
    }
    synchronized (pushes) {
      pushes.add(f);
      pushes.notifyAll();
    }
  }

  /** Collects each whole message, parses it and files it; runs on the JDK client's thread. */
  private final class Listener implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String json = text.toString();
        text.setLength(0);
        lastTextReceived = json;
        Frame.Builder b = Frame.newBuilder();
        try {
          JsonFormat.parser().merge(json, b);
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException("server sent text that is not a Frame: " + json, e);
        }
        received(b.build());
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        byte[] whole = binary.toByteArray();
        binary.reset();
        try {
          received(Frame.parseFrom(whole));
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException("server sent bytes that are not a Frame", e);
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closeStatus = statusCode;
      closed.countDown();
      return null; // the JDK client answers the close
    }

    @Override
    public void onError(WebSocket ws, Throwable e) {
      error = e;
      closed.countDown();
    }
  }
}
