package dev.parley.server.internal.node;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;

/** Builds the error frames the node sends. Stateless. */
final class Frames {
  private Frames() {}

  static Frame error(long requestId, ErrorCode code, String message) {
    return error(requestId, code, message, 0);
  }

  static Frame error(long requestId, ErrorCode code, String message, long retryAfterMs) {
    ChatProtocol.Error error = ChatProtocol.Error.newBuilder()
        .setCode(ChatProtocol.ErrorCode.valueOf(code.name()))
        .setMessage(message)
        .setRetryAfterMs((int) Math.min(Integer.MAX_VALUE, Math.max(0, retryAfterMs)))
        .build();
    return Frame.newBuilder().setRequestId(requestId).setError(error).build();
  }

  static Frame error(long requestId, ChatException e) {
    return error(requestId, e.code(), e.detail(), e.retryAfter().toMillis());
  }

  static Frame kicked(dev.parley.core.model.KickReason code, String reason) {
    return Frame.newBuilder().setKicked(ChatProtocol.Kicked.newBuilder().setReason(reason)
        .setCodeValue(code.wireValue())).build();
  }

  /** The human text of a kick for {@code code}. */
  static String kickText(dev.parley.core.model.KickReason code) {
    return switch (code) {
      case REPLACED_BY_SAME_DEVICE -> "logged in again from this device";
      case PLATFORM_CONFLICT -> "logged in from another device of the same platform";
      case TOO_MANY_DEVICES -> "logged in from another device (session limit reached)";
      case REVOKED -> "the session's credential was revoked; log in again";
      case DISABLED -> "the account was disabled";
    };
  }
}
