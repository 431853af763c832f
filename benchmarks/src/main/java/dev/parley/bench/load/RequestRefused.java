package dev.parley.bench.load;

import dev.parley.core.protocol.ChatProtocol;

/** A chat node's Error answer to a {@link BenchConnection#call}: its code and message. Immutable. */
public final class RequestRefused extends RuntimeException {
  private final ChatProtocol.ErrorCode code;

  RequestRefused(ChatProtocol.Error error) {
    super(error.getCode() + " " + error.getMessage(), null, false, false);
    this.code = error.getCode();
  }

  public ChatProtocol.ErrorCode code() {
    return code;
  }
}
