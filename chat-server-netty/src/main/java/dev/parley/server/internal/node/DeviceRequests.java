package dev.parley.server.internal.node;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionToken;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Device management, acting as the session's user: ListDevices (every device that holds a live
 * token or has a live session, with its last-seen time and online flag) and RevokeDevice (revokes
 * the device's tokens and kicks its sessions with {@code Kicked{REVOKED}}, wherever they are).
 * Thread-safe; stateless beyond the shared context.
 */
final class DeviceRequests {
  private final NodeContext ctx;

  DeviceRequests(NodeContext ctx) {
    this.ctx = ctx;
  }

  void registerInto(Map<BodyCase, RequestHandler> handlers) {
    handlers.put(BodyCase.LIST_DEVICES, this::list);
    handlers.put(BodyCase.REVOKE_DEVICE, this::revoke);
  }

  private Frame.Builder list(ChatSession s, Frame f) {
    long userId = s.userId();
    DeviceInfo current = s.device();
    Map<String, ChatProtocol.Device.Builder> byId = new LinkedHashMap<>();
    for (SessionToken t : ctx.tokens().liveTokens(userId)) {
      if (t.device().named()) {
        byId.put(t.device().deviceId(), ChatProtocol.Device.newBuilder()
            .setDeviceId(t.device().deviceId())
            .setPlatformValue(t.device().platform().wireValue())
            .setName(t.device().name())
            .setLastSeenMs(t.lastSeenAt().toEpochMilli()));
      }
    }
    long now = Instant.now().toEpochMilli();
    for (PresenceBinding b : ctx.presence().sessions(userId)) {
      byId.computeIfAbsent(b.deviceId(), id -> ChatProtocol.Device.newBuilder().setDeviceId(id)
              .setPlatformValue(b.platform().wireValue()))
          .setOnline(true).setLastSeenMs(now);
    }
    List<ChatProtocol.Device> devices = new ArrayList<>();
    for (ChatProtocol.Device.Builder d : byId.values()) {
      devices.add(d.setCurrent(current != null && d.getDeviceId().equals(current.deviceId())).build());
    }
    devices.sort(Comparator.comparingLong(ChatProtocol.Device::getLastSeenMs).reversed()
        .thenComparing(ChatProtocol.Device::getDeviceId));
    return Frame.newBuilder().setListDevicesResponse(ChatProtocol.ListDevicesResponse.newBuilder().addAllDevices(devices));
  }

  /**
   * Tokens first (so the device cannot log in again), then its sessions. Revoking the session's own
   * device answers, then ends this session too.
   */
  private Frame.Builder revoke(ChatSession s, Frame f) {
    long userId = s.userId();
    String deviceId = f.getRevokeDevice().getDeviceId();
    if (deviceId.isEmpty()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "device_id is required");
    }
    int revoked = ctx.tokens().revokeDevice(userId, deviceId);
    boolean own = false;
    int kicked = 0;
    for (PresenceBinding b : ctx.presence().sessions(userId)) {
      if (!b.deviceId().equals(deviceId)) {
        continue;
      }
      kicked++;
      if (b.sessionId().equals(s.sessionId())) {
        own = true;
      } else {
        ctx.router().kick(b, KickReason.REVOKED);
      }
    }
    DeviceInfo current = s.device();
    own |= current != null && current.deviceId().equals(deviceId);
    if (revoked == 0 && kicked == 0 && !own) {
      throw new ChatException(ErrorCode.NOT_FOUND, "no device " + deviceId);
    }
    Frame.Builder answer = Frame.newBuilder().setEmptyResponse(ChatProtocol.EmptyResponse.getDefaultInstance());
    if (own) {
      s.closeAfter(answer.setRequestId(f.getRequestId()).build()); // the connection's clean-up unbinds it
      return null;
    }
    return answer;
  }
}
