package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;

/** Builds the error for a response of the wrong kind (a node speaking another protocol version). */
final class UnexpectedResponse {
  private UnexpectedResponse() {}

  static ChatException of(String request, Frame response) {
    return new ChatException(ErrorCode.INTERNAL,
        "chat node answered " + request + " with " + response.getBodyCase() + " (request " + response.getRequestId() + ")");
  }
}
