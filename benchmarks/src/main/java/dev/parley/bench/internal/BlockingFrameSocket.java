package dev.parley.bench.internal;

import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A minimal blocking chat client for the JMH end-to-end benchmark: one socket, varint32-delimited
 * {@link Frame}s (protobuf's delimited format is exactly the wire framing), no threads of its own,
 * so a benchmark thread measures nothing but the socket round trip. Not thread-safe: one writer
 * and one reader thread at most.
 */
public final class BlockingFrameSocket implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public BlockingFrameSocket(String host, int port) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
  }

  /** Logs in with {@code token}; @throws IOException when the node refuses */
  public ChatProtocol.LoginResponse login(String token) throws IOException {
    send(Frame.newBuilder().setRequestId(1).setLogin(ChatProtocol.LoginRequest.newBuilder().setToken(token)).build());
    while (true) {
      Frame f = read();
      if (f.hasLoginResponse()) {
        return f.getLoginResponse();
      }
      if (f.hasError()) {
        throw new IOException("login refused: " + f.getError().getCode() + " " + f.getError().getMessage());
      }
    }
  }

  /** Writes and flushes one frame. */
  public void send(Frame frame) throws IOException {
    frame.writeDelimitedTo(out);
    out.flush();
  }

  /** Reads the next frame; @throws EOFException when the node closed the connection */
  public Frame read() throws IOException {
    Frame f = Frame.parseDelimitedFrom(in);
    if (f == null) {
      throw new EOFException("the node closed the connection");
    }
    return f;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
