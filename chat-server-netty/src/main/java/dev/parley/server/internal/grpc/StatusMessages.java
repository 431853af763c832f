package dev.parley.server.internal.grpc;

import com.google.protobuf.Timestamp;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.Platform;
import dev.parley.core.model.PresenceBinding;
import java.time.Instant;

/**
 * Conversions between the status service's protobuf messages and the chat-core records.
 * Timestamps keep nanoseconds, so a value survives the round trip unchanged. Malformed input from
 * the wire becomes {@link ErrorCode#BAD_REQUEST}. Stateless and thread-safe.
 */
public final class StatusMessages {
  private StatusMessages() {}

  /** The wire form of a node. */
  public static NodeEntry toEntry(ChatNodeInfo node) {
    return NodeEntry.newBuilder()
        .setNodeId(node.nodeId())
        .setHost(node.host())
        .setPort(node.port())
        .setInternalHost(node.internalHost())
        .setInternalPort(node.internalPort())
        .setLoad(node.load())
        .setLastHeartbeat(toTimestamp(node.lastHeartbeat()))
        .setTls(node.tls())
        .setWsPort(node.wsPort())
        .build();
  }

  /** The record for a wire entry; BAD_REQUEST when a field is out of range. */
  public static ChatNodeInfo toNode(NodeEntry entry) {
    try {
      return new ChatNodeInfo(entry.getNodeId(), entry.getHost(), entry.getPort(), entry.getInternalHost(),
          entry.getInternalPort(), entry.getLoad(), toInstant(entry.getLastHeartbeat()), entry.getTls(), entry.getWsPort());
    } catch (IllegalArgumentException e) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "invalid node '" + entry.getNodeId() + "': " + e.getMessage());
    }
  }

  /** The wire form of a binding. */
  public static PresenceEntry toEntry(PresenceBinding binding) {
    return PresenceEntry.newBuilder()
        .setUserId(binding.userId())
        .setNodeId(binding.nodeId())
        .setSessionId(binding.sessionId())
        .setBoundAt(toTimestamp(binding.boundAt()))
        .setDeviceId(binding.deviceId())
        .setPlatform(binding.platform().wireValue())
        .build();
  }

  /**
   * The record for a wire binding; BAD_REQUEST when a field is invalid. A binding from a sender that
   * predates devices has its session as its device, platform OTHER.
   */
  public static PresenceBinding toBinding(PresenceEntry entry) {
    String device = entry.getDeviceId().isEmpty() ? entry.getSessionId() : entry.getDeviceId();
    return new PresenceBinding(entry.getUserId(), entry.getNodeId(), entry.getSessionId(), device,
        Platform.fromWireValue(entry.getPlatform()), toInstant(entry.getBoundAt()));
  }

  /** The policy of a bind request; a sender that predates policies (mode 0) binds SINGLE, as it did. */
  public static LoginPolicy policy(int mode, int maxSessions) {
    LoginPolicy.Mode[] all = LoginPolicy.Mode.values();
    if (mode == 0) {
      return LoginPolicy.single();
    }
    if (mode < 1 || mode > all.length) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "unknown login policy mode " + mode);
    }
    try {
      return new LoginPolicy(all[mode - 1], maxSessions);
    } catch (IllegalArgumentException e) {
      throw new ChatException(ErrorCode.BAD_REQUEST, e.getMessage());
    }
  }

  static Timestamp toTimestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  static Instant toInstant(Timestamp timestamp) {
    if (timestamp.getNanos() < 0 || timestamp.getNanos() > 999_999_999) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "timestamp nanos out of range: " + timestamp.getNanos());
    }
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
