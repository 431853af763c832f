package dev.parley.sdk.e2e;

import dev.parley.core.protocol.ChatProtocol.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on loopback between SDK clients and a chat node that reads the frames going both
 * ways: it records what clients send, and when armed it swallows the next SendAck and cuts the
 * connection (the node has stored the message, the client never hears so), drops one push, or
 * stops passing anything from the node on. Plain sockets and one
 * thread per direction; closes everything on {@link #close()}. Thread-safe.
 */
final class FrameProxy implements AutoCloseable {
  final List<Frame> fromClients = new CopyOnWriteArrayList<>();
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final AtomicBoolean loseNextSendAck = new AtomicBoolean();
  private final AtomicBoolean dropNextMessageEvent = new AtomicBoolean();
  private volatile boolean stalled;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  FrameProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "frame-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** The next SendAck from the node is dropped and that connection closed. */
  void loseNextSendAck() {
    loseNextSendAck.set(true);
  }

  /** The next MessageEvent push from the node is silently dropped; the connection stays up. */
  void dropNextMessageEvent() {
    dropNextMessageEvent.set(true);
  }

  /** From now on nothing from the node reaches the clients (a node that hangs without closing). */
  void stall() {
    stalled = true;
  }

  List<Frame> syncRequests() {
    return fromClients.stream().filter(Frame::hasSync).toList();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket node = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(node);
        pump("client->node", client, node, false);
        pump("node->client", node, client, true);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pump(String name, Socket from, Socket to, boolean fromNode) {
    Thread t = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        Frame frame;
        while ((frame = Frame.parseDelimitedFrom(in)) != null) {
          if (fromNode && frame.hasSendAck() && loseNextSendAck.compareAndSet(true, false)) {
            break;
          }
          if (fromNode && (stalled || frame.hasMessageEvent() && dropNextMessageEvent.compareAndSet(true, false))) {
            continue;
          }
          if (!fromNode) {
            fromClients.add(frame);
          }
          frame.writeDelimitedTo(out);
          out.flush();
        }
      } catch (IOException e) {
        // one side went away; close both below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "frame-proxy-" + name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(FrameProxy::closeQuietly);
  }
}
