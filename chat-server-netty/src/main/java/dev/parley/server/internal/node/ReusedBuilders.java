package dev.parley.server.internal.node;

import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Protobuf builders kept per thread for the two frames every message costs, the recipient's
 * {@code MessageEvent} push and the sender's {@code SendAck}: a builder is cleared and reused
 * instead of made per frame ({@code Frame.Builder} alone is ~180 bytes, a field per body type),
 * and {@code build()} still makes new immutable messages, so a built frame never changes when the
 * builder is reused. The MessageEvent frame is built once per message and shared by every
 * session it is pushed to.
 *
 * <p>Rule for callers: take the builders, fill them and build, calling nothing in between that
 * could build the same kind of frame on this thread. Thread-confined through {@link FastThreadLocal}.
 */
final class ReusedBuilders {
  private static final FastThreadLocal<ReusedBuilders> BUILDERS = new FastThreadLocal<>() {
    @Override
    protected ReusedBuilders initialValue() {
      return new ReusedBuilders();
    }
  };

  private final ChatProtocol.ChatMessage.Builder message = ChatProtocol.ChatMessage.newBuilder();
  private final ChatProtocol.MailboxEntry.Builder entry = ChatProtocol.MailboxEntry.newBuilder();
  private final ChatProtocol.MessageEvent.Builder event = ChatProtocol.MessageEvent.newBuilder();
  private final Frame.Builder push = Frame.newBuilder();
  private final ChatProtocol.SendAck.Builder ack = ChatProtocol.SendAck.newBuilder();
  private final Frame.Builder answer = Frame.newBuilder();

  private ReusedBuilders() {}

  /** This thread's builders. */
  static ReusedBuilders get() {
    return BUILDERS.get();
  }

  /** The cleared builders of a MessageEvent push, innermost first; build in that order. */
  ChatProtocol.ChatMessage.Builder message() {
    return message.clear();
  }

  ChatProtocol.MailboxEntry.Builder entry() {
    return entry.clear();
  }

  ChatProtocol.MessageEvent.Builder event() {
    return event.clear();
  }

  Frame.Builder push() {
    return push.clear();
  }

  /** The cleared builders of a SendAck answer; the dispatcher builds the frame as soon as the handler returns it. */
  ChatProtocol.SendAck.Builder ack() {
    return ack.clear();
  }

  Frame.Builder answer() {
    return answer.clear();
  }
}
