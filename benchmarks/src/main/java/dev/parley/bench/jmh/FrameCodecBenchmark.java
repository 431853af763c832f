package dev.parley.bench.jmh;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding and decoding the two frames every message costs on the wire: the sender's
 * {@code SendMessage} and the recipient's {@code MessageEvent} push, each as a varint32 length
 * prefix followed by the serialized {@link Frame} (DESIGN section 4). Average time per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@State(Scope.Thread)
public class FrameCodecBenchmark extends BenchmarkDefaults {
  private static final String TEXT = "Hello! Are we still on for lunch tomorrow at noon?";

  private Frame sendMessage;
  private Frame messageEvent;
  private byte[] sendMessageBytes;
  private byte[] messageEventBytes;
  private final byte[] out = new byte[1024];

  @Setup
  public void setUp() throws IOException {
    sendMessage = Frame.newBuilder().setRequestId(4711).setSendMessage(ChatProtocol.SendMessageRequest.newBuilder()
        .setToUserId(1_000_042).setClientMsgId("c1f3a9e2-000123").setText(TEXT)).build();
    messageEvent = Frame.newBuilder().setMessageEvent(ChatProtocol.MessageEvent.newBuilder()
        .setEntry(ChatProtocol.MailboxEntry.newBuilder().setSeq(123_456)
            .setMessage(ChatProtocol.ChatMessage.newBuilder().setMessageId(98_765_432_100L).setSenderId(1_000_041)
                .setRecipientId(1_000_042).setClientMsgId("c1f3a9e2-000123").setText(TEXT)
                .setSentAtMs(1_767_225_600_000L)))).build();
    sendMessageBytes = copy(encodeInto(sendMessage, out), out);
    messageEventBytes = copy(encodeInto(messageEvent, out), out);
  }

  @Benchmark
  public int encodeSendMessage() throws IOException {
    return encodeInto(sendMessage, out);
  }

  @Benchmark
  public Frame decodeSendMessage() throws IOException {
    return decode(sendMessageBytes);
  }

  @Benchmark
  public int encodeMessageEvent() throws IOException {
    return encodeInto(messageEvent, out);
  }

  @Benchmark
  public Frame decodeMessageEvent() throws IOException {
    return decode(messageEventBytes);
  }

  /** Writes the varint32 length and the frame into {@code buffer}; returns the bytes written. */
  static int encodeInto(Frame frame, byte[] buffer) throws IOException {
    CodedOutputStream cos = CodedOutputStream.newInstance(buffer);
    cos.writeUInt32NoTag(frame.getSerializedSize());
    frame.writeTo(cos);
    cos.flush();
    return cos.getTotalBytesWritten();
  }

  /** Reads one length-prefixed frame, as the node's framing decoder and parser do. */
  static Frame decode(byte[] bytes) throws IOException {
    CodedInputStream cis = CodedInputStream.newInstance(bytes);
    int length = cis.readRawVarint32();
    int limit = cis.pushLimit(length);
    Frame frame = Frame.parseFrom(cis);
    cis.popLimit(limit);
    return frame;
  }

  private static byte[] copy(int length, byte[] buffer) {
    byte[] bytes = new byte[length];
    System.arraycopy(buffer, 0, bytes, 0, length);
    return bytes;
  }
}
